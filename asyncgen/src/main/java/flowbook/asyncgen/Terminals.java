package flowbook.asyncgen;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The consuming ends of a generator; see {@link AsyncGenerator} for their contract. */
final class Terminals {
  private Terminals() {}

  static <T> void forEach(AsyncGenerator<T> generator, ThrowingConsumer<? super T> action) {
    java.util.Objects.requireNonNull(action, "forEach(null): pass the action for each value");
    InlineRun.run(
        generator.body(),
        value -> {
          action.accept(value);
          return true;
        });
  }

  static <T> List<T> toList(AsyncGenerator<T> generator) {
    List<T> values = new ArrayList<>();
    InlineRun.run(generator.body(), values::add);
    return values;
  }

  static <T> T first(AsyncGenerator<T> generator) {
    List<T> holder = new ArrayList<>(1);
    InlineRun.run(
        generator.body(),
        value -> {
          holder.add(value);
          return false;
        });
    if (holder.isEmpty()) {
      throw new NoSuchElementException("first(): the generator ended without yielding a value");
    }
    return holder.get(0);
  }

  static <T, R> R reduce(
      AsyncGenerator<T> generator, R identity, ThrowingBiFunction<R, ? super T, R> accumulator) {
    java.util.Objects.requireNonNull(accumulator, "reduce: pass an accumulator function");
    List<R> result = new ArrayList<>(1);
    result.add(identity);
    InlineRun.run(
        generator.body(),
        value -> {
          result.set(0, accumulator.apply(result.get(0), value));
          return true;
        });
    return result.get(0);
  }

  static <T> Stream<T> stream(GeneratorIterator<T> iterator) {
    Spliterator<T> spliterator =
        Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(spliterator, false).onClose(iterator::close);
  }

  /**
   * Runs {@code work} on a new virtual thread; cancelling the returned future interrupts it, which
   * closes the generator it consumes inline.
   */
  static <V> CompletableFuture<V> inBackground(Callable<V> work) {
    BackgroundFuture<V> future = new BackgroundFuture<>();
    Thread worker =
        Thread.ofVirtual()
            .uncaughtExceptionHandler(Participation.THREAD)
            .unstarted(
                () -> {
                  try {
                    future.complete(work.call());
                  } catch (Throwable t) {
                    future.completeExceptionally(t);
                  } finally {
                    future.ended();
                    Participation.ended();
                  }
                });
    future.worker = worker;
    future.registration = CancellationScope.register(() -> future.cancel(true), worker);
    Participation.started();
    worker.start();
    return future;
  }

  /** A future whose cancel interrupts the thread computing it. */
  private static final class BackgroundFuture<V> extends CompletableFuture<V> {
    volatile Thread worker;
    volatile CancellationScope.Registration registration;

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      Thread running = worker;
      if (cancelled && running != null) {
        running.interrupt(); // the body sees it at its suspension point and closes
      }
      return cancelled;
    }

    void ended() {
      CancellationScope.Registration current = registration;
      if (current != null) {
        current.close();
      }
    }
  }
}
