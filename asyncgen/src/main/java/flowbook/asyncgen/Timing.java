package flowbook.asyncgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Operators about time: chunk(Duration), timeout. */
final class Timing {
  private Timing() {}

  /*
   * chunk(Duration): the body waits for "the next item or the end of the window" with one await:
   * the pending take is completed with null when the window's time is up (completeOnTimeout; the
   * mailbox then gives that take up). A pending item request stays pending across windows.
   */
  static <T> AsyncGenerator<List<T>> chunk(AsyncGenerator<T> source, Duration window) {
    requirePositive(window, "chunk");
    long windowNanos = window.toNanos();
    return AsyncGenerator.of(
        out -> {
          Mailbox<Signal<T>> mailbox = new Mailbox<>();
          UpstreamThread<T> upstream = new UpstreamThread<>(source, mailbox, 0);
          List<T> chunk = new ArrayList<>();
          try {
            upstream.request();
            long windowEnd = System.nanoTime() + windowNanos;
            while (true) {
              long left = windowEnd - System.nanoTime();
              Signal<T> signal =
                  Async.await(mailbox.take().completeOnTimeout(null, left, TimeUnit.NANOSECONDS));
              switch (signal) {
                case null -> { // the window's time is up
                  if (!chunk.isEmpty()) {
                    List<T> full = List.copyOf(chunk);
                    chunk.clear();
                    out.yield(full); // the upstream is not read while the downstream is slow
                  }
                  windowEnd = System.nanoTime() + windowNanos;
                }
                case Signal.Item<T> item -> {
                  chunk.add(item.value());
                  upstream.request(); // keep reading while the window is open
                }
                case Signal.End<T> end -> {
                  if (!chunk.isEmpty()) {
                    out.yield(List.copyOf(chunk));
                  }
                  return;
                }
                case Signal.Failed<T> failed -> throw Sneaky.rethrow(failed.error()); // drops chunk
              }
            }
          } finally {
            UpstreamThread.closeAll(upstream);
          }
        });
  }

  static <T> AsyncGenerator<T> timeout(AsyncGenerator<T> source, Duration limit) {
    requirePositive(limit, "timeout");
    long nanos = limit.toNanos();
    return AsyncGenerator.of(
        out -> {
          Mailbox<Signal<T>> mailbox = new Mailbox<>();
          UpstreamThread<T> upstream = new UpstreamThread<>(source, mailbox, 0);
          try {
            while (true) {
              upstream.request();
              CompletableFuture<Signal<T>> next =
                  mailbox.take().orTimeout(nanos, TimeUnit.NANOSECONDS);
              Signal<T> signal;
              try {
                signal = Async.await(next);
              } catch (Exception error) { // TimeoutException is checked, and await does not say so
                if (error instanceof TimeoutException) {
                  throw new TimeoutException(
                      "timeout(" + limit + "): no value or completion within " + limit);
                }
                throw error;
              }
              switch (signal) {
                case Signal.Item<T> item -> out.yield(item.value());
                case Signal.End<T> end -> {
                  return;
                }
                case Signal.Failed<T> failed -> throw Sneaky.rethrow(failed.error());
              }
            }
          } finally {
            UpstreamThread.closeAll(upstream);
          }
        });
  }

  /** Checks an operator's or source's duration argument eagerly. */
  static void requirePositive(Duration duration, String operator) {
    Objects.requireNonNull(
        duration, operator + "(null): pass a Duration, e.g. Duration.ofSeconds(1)");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          operator + "(" + duration + "): the duration must be positive");
    }
  }
}
