package flowbook.asyncgen;

import java.util.concurrent.CancellationException;

/**
 * Runs a body on the calling thread, handing each value straight to a sink: the engine of {@code
 * forEach}, {@code toList}, {@code first} and of every operator built on them. No thread, no queue:
 * yield is a method call.
 */
final class InlineRun<T> extends GeneratorRun<T> {
  /*
   * State (GeneratorRun's shared tail; every transition happens on the calling thread, since
   * nothing else holds this run):
   *
   *   RUNNING --sink returned false, sink threw--> CLOSING --exit()--> UNWINDING --> ENDED
   *   RUNNING --thread interrupted in await--> CLOSING --exit(), at once--> UNWINDING --> ENDED
   *   RUNNING --body returned or threw--> ENDED
   *
   * A run nested in another (map's body running its source inline) is closed by the outer run's
   * GeneratorExit passing through it, without a state change of its own.
   */

  static final int RUNNING = 0; // the body runs on the calling thread

  /** Receives values; returns false to stop after this one (the generator is then closed). */
  @FunctionalInterface
  interface Sink<T> {
    boolean accept(T value) throws Exception;
  }

  private final Sink<? super T> sink;
  private Throwable consumerFailure; // what the sink threw; rethrown after the body unwound
  private boolean interruptedFromOutside; // the thread was interrupted while the body awaited

  private InlineRun(Sink<? super T> sink) {
    this.sink = sink;
  }

  /**
   * Runs {@code body} to the end on this thread, or until {@code sink} returns false or throws.
   * Whatever the body or the sink threw is rethrown unchanged once the body's finally blocks ran.
   * An interrupt while the body awaits closes it and ends in CancellationException with the
   * interrupt status set.
   */
  static <T> void run(GeneratorBody<T> body, Sink<? super T> sink) {
    InlineRun<T> run = new InlineRun<>(sink);
    run.thread = Thread.currentThread();
    // the outermost inline run on a thread the library did not start makes it a participant
    boolean participates = !Participation.isParticipant(run.thread);
    if (participates) {
      Participation.started();
    }
    Throwable failure;
    try {
      failure = run.runBody(body);
      run.end();
    } finally {
      if (participates) {
        Participation.ended();
      }
    }
    if (failure instanceof GeneratorExit exit && exit.owner != run) {
      throw exit; // an enclosing run is unwinding through this one
    }
    if (failure instanceof GeneratorExit) {
      failure = null; // unwound as asked
    }
    if (run.consumerFailure != null) {
      if (failure != null && failure != run.consumerFailure) {
        run.consumerFailure.addSuppressed(failure);
      }
      throw Sneaky.rethrow(run.consumerFailure);
    }
    if (run.interruptedFromOutside && failure == null) {
      Thread.currentThread().interrupt();
      throw new CancellationException(
          "interrupted: the generator was closed and its finally blocks ran");
    }
    if (failure != null) {
      throw Sneaky.rethrow(failure);
    }
  }

  /** RUNNING to CLOSING; on this run's own thread, so nothing else needs waking. */
  private void requestClose(String reason) {
    compareAndSetClosing(RUNNING, reason);
  }

  /**
   * The thread was interrupted while {@code innermost}'s body awaited: every inline run nested on
   * this thread unwinds, and the outermost one's GeneratorExit carries them all out.
   */
  static GeneratorExit interruptedFromOutside(InlineRun<?> innermost) {
    InlineRun<?> outermost = innermost;
    for (GeneratorRun<?> run = innermost; run instanceof InlineRun<?> inline; run = run.enclosing) {
      inline.interruptedFromOutside = true;
      inline.requestClose("the consuming thread was interrupted");
      outermost = inline;
    }
    for (GeneratorRun<?> run = innermost; run != outermost; run = run.enclosing) {
      run.exit(); // CLOSING to UNWINDING: their finally blocks may await as the outermost's do
    }
    return outermost.exit();
  }

  @Override
  Object deliver(T value) {
    boolean more;
    try {
      more = sink.accept(value);
    } catch (GeneratorExit exit) {
      throw exit; // an enclosing generator is closing; unwind through this body too
    } catch (Throwable t) {
      consumerFailure = t;
      requestClose("the consumer threw " + t);
      throw exit();
    }
    if (!more) {
      requestClose("the consumer stopped");
      throw exit();
    }
    return null;
  }
}
