package flowbook.asyncgen;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Python's {@code await}, {@code asyncio.sleep} and {@code asyncio.run} for Java: static helpers to
 * import with {@code import static flowbook.asyncgen.Async.*}.
 */
public final class Async {
  private Async() {}

  /**
   * Waits for {@code stage} and returns its value (Python's {@code await}).
   *
   * <ul>
   *   <li>On a virtual thread (every generator body runs on one) waiting parks the thread and holds
   *       no carrier; on a platform thread it blocks that thread.
   *   <li>A failed stage rethrows its original exception, unwrapped from {@link
   *       CompletionException} and {@link ExecutionException}; a cancelled one throws {@link
   *       CancellationException}.
   *   <li>Inside a generator body that is closed while waiting, throws {@link GeneratorExit}.
   *   <li>If the thread is interrupted while waiting: inside a body consumed with {@code forEach}
   *       and friends the body is closed the same way; elsewhere {@link CancellationException} is
   *       thrown with the interrupt status kept.
   * </ul>
   *
   * @param <V> the type of the stage's value
   * @param stage the stage to wait for; not null
   * @return the stage's value, which may be null (a {@code sleep} stage gives null)
   * @throws NullPointerException if stage is null
   */
  public static <V> V await(CompletionStage<V> stage) {
    Objects.requireNonNull(stage, "await(null): pass a CompletionStage, e.g. sleep(...)");
    CompletableFuture<V> future = asFuture(stage);
    if (!future.isDone()) {
      Participation.Wake wake = new Participation.Wake(); // counts the wait (see Participation)
      future.whenComplete(wake);
      wake.parking();
      try {
        while (!future.isDone()) {
          LockSupport.park(future);
          GeneratorRun.checkSuspension(Thread.interrupted());
        }
      } finally {
        wake.resumed();
      }
    }
    return resultOf(future);
  }

  /**
   * A stage that completes after {@code duration} (Python's {@code asyncio.sleep}); no thread is
   * blocked meanwhile. Zero or negative durations complete at once.
   *
   * @param duration how long to wait, counted from this call, not from the {@code await}; not null
   * @return a new stage that completes with null once {@code duration} passed
   * @throws NullPointerException if duration is null
   */
  public static CompletableFuture<Void> sleep(Duration duration) {
    Objects.requireNonNull(duration, "sleep(null): pass a Duration, e.g. Duration.ofMillis(500)");
    if (duration.isNegative() || duration.isZero()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture.delayedExecutor(duration.toNanos(), TimeUnit.NANOSECONDS, Runnable::run)
        .execute(() -> done.complete(null));
    return done;
  }

  /**
   * Shorthand for {@code sleep(Duration.ofMillis(millis))}.
   *
   * @param millis how long to wait, in milliseconds, counted from this call; zero or negative
   *     completes at once
   * @return a new stage that completes with null once {@code millis} passed
   */
  public static CompletableFuture<Void> sleep(long millis) {
    return sleep(Duration.ofMillis(millis));
  }

  /**
   * Runs {@code main} on a new virtual thread and waits for its result (Python's {@code
   * asyncio.run}); there is no event loop to start, so calling the code directly works as well.
   * Exceptions are rethrown unchanged; interrupting the caller interrupts {@code main}, and so does
   * {@link CancellationScope#cancelAll} of a scope bound to the caller (a notebook's interrupt).
   *
   * @param <V> the type of the result
   * @param main the code to run; not null
   * @return what {@code main} returned
   * @throws NullPointerException if main is null
   * @throws CancellationException if the calling thread is interrupted while waiting; {@code
   *     main}'s thread is interrupted too and the interrupt status kept
   */
  public static <V> V run(java.util.concurrent.Callable<V> main) {
    Objects.requireNonNull(main, "run(null): pass the code to run");
    CompletableFuture<V> result = Terminals.inBackground(main);
    try {
      return await(result);
    } catch (CancellationException interrupted) {
      result.cancel(true); // interrupts main's thread
      throw interrupted;
    }
  }

  static <V> CompletableFuture<V> asFuture(CompletionStage<V> stage) {
    try {
      return stage.toCompletableFuture();
    } catch (UnsupportedOperationException minimalStage) {
      CompletableFuture<V> future = new CompletableFuture<>();
      stage.whenComplete(
          (value, error) -> {
            if (error != null) {
              future.completeExceptionally(error);
            } else {
              future.complete(value);
            }
          });
      return future;
    }
  }

  /** The value of a completed future, or its original exception rethrown unchanged. */
  static <V> V resultOf(CompletableFuture<V> future) {
    if (future.state() == Future.State.SUCCESS) {
      return future.resultNow();
    }
    if (future.isCancelled()) {
      throw new CancellationException("the awaited stage was cancelled");
    }
    throw Sneaky.rethrow(unwrap(future.exceptionNow()));
  }

  static Throwable unwrap(Throwable error) {
    while ((error instanceof CompletionException || error instanceof ExecutionException)
        && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }
}
