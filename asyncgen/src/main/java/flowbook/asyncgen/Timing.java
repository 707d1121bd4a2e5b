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

  static <T> AsyncGenerator<List<T>> chunk(AsyncGenerator<T> upstream, Duration window) {
    requirePositive(window, "chunk");
    return AsyncGenerator.of(
        out -> {
          Mailbox<Signal> mailbox = new Mailbox<>();
          Pump<T> pump = new Pump<>(upstream, mailbox, 0);
          List<T> chunk = new ArrayList<>();
          long windowNumber = 0;
          try {
            pump.request();
            closeWindowLater(mailbox, window, windowNumber);
            while (true) {
              Signal signal = Async.await(mailbox.take());
              if (signal instanceof Signal.Item item) {
                @SuppressWarnings("unchecked")
                T value = (T) item.value();
                chunk.add(value);
                pump.request(); // keep reading while the window is open
              } else if (signal instanceof Signal.Wake wake && wake.tag() == windowNumber) {
                if (!chunk.isEmpty()) {
                  List<T> full = List.copyOf(chunk);
                  chunk.clear();
                  out.yield(full); // the upstream is not read while the downstream is slow
                }
                closeWindowLater(mailbox, window, ++windowNumber);
              } else if (signal instanceof Signal.End) {
                if (!chunk.isEmpty()) {
                  out.yield(List.copyOf(chunk));
                }
                return;
              } else if (signal instanceof Signal.Failed failed) {
                throw Sneaky.rethrow(failed.error()); // the partial chunk is dropped
              }
            }
          } finally {
            Pump.closeAll(pump);
          }
        });
  }

  /*
   * A pending item request stays pending across windows, so a Wake for the window is posted into
   * the same mailbox as the items: one await serves both, and no timer keeps a thread.
   */
  private static void closeWindowLater(Mailbox<Signal> mailbox, Duration window, long number) {
    Async.sleep(window).thenRun(() -> mailbox.post(new Signal.Wake(number)));
  }

  static <T> AsyncGenerator<T> timeout(AsyncGenerator<T> upstream, Duration limit) {
    requirePositive(limit, "timeout");
    long nanos = limit.toNanos();
    return AsyncGenerator.of(
        out -> {
          Mailbox<Signal> mailbox = new Mailbox<>();
          Pump<T> pump = new Pump<>(upstream, mailbox, 0);
          try {
            while (true) {
              pump.request();
              CompletableFuture<Signal> next =
                  mailbox.take().orTimeout(nanos, TimeUnit.NANOSECONDS);
              Signal signal;
              try {
                signal = Async.await(next);
              } catch (Exception error) { // TimeoutException is checked, and await does not say so
                if (error instanceof TimeoutException) {
                  throw new TimeoutException(
                      "timeout(" + limit + "): no value or completion within " + limit);
                }
                throw error;
              }
              if (signal instanceof Signal.Item item) {
                @SuppressWarnings("unchecked")
                T value = (T) item.value();
                out.yield(value);
              } else if (signal instanceof Signal.End) {
                return;
              } else if (signal instanceof Signal.Failed failed) {
                throw Sneaky.rethrow(failed.error());
              }
            }
          } finally {
            Pump.closeAll(pump);
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
