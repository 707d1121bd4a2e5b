package flowbook.asyncgen;

import java.util.Objects;
import java.util.concurrent.Flow;

/** Operators about how a generator ends: recover, retry, onClose. */
final class Errors {
  private Errors() {}

  static <T> AsyncGenerator<T> recover(
      AsyncGenerator<T> upstream,
      ThrowingFunction<? super Exception, ? extends Flow.Publisher<? extends T>> fallback) {
    Objects.requireNonNull(fallback, "recover(null): pass the function giving the fallback");
    return AsyncGenerator.of(
        out -> {
          Flow.Publisher<? extends T> next;
          try {
            upstream.forEach(out::yield);
            return;
          } catch (Exception error) { // GeneratorExit and other Errors pass: they are not failures
            try {
              next =
                  Objects.requireNonNull(
                      fallback.apply(error), "recover: the function returned null for " + error);
            } catch (Exception fallbackFailed) {
              fallbackFailed.addSuppressed(error);
              throw fallbackFailed;
            }
          }
          Sources.<T>fromPublisher(next).forEach(out::yield);
        });
  }

  static <T> AsyncGenerator<T> retry(AsyncGenerator<T> upstream, int times) {
    if (times < 0) {
      throw new IllegalArgumentException("retry(" + times + "): times must not be negative");
    }
    return AsyncGenerator.of(
        out -> {
          Exception previous = null;
          for (int attempt = 0; ; attempt++) {
            try {
              upstream.forEach(out::yield);
              return;
            } catch (Exception error) {
              if (previous != null && previous != error) {
                error.addSuppressed(previous); // the history of attempts, for the one signalled
              }
              if (attempt == times) {
                throw error;
              }
              previous = error;
            }
          }
        });
  }

  static <T> AsyncGenerator<T> onClose(AsyncGenerator<T> upstream, Runnable action) {
    Objects.requireNonNull(action, "onClose(null): pass the action to run when the body ends");
    return AsyncGenerator.of(
        out -> {
          Throwable ending = null;
          try {
            upstream.forEach(out::yield);
          } catch (Throwable t) {
            ending = t;
            throw t;
          } finally {
            runAfter(action, ending);
          }
        });
  }

  /**
   * Runs the action; if it throws while an error propagates, keeps that error and adds this one.
   */
  private static void runAfter(Runnable action, Throwable ending) {
    try {
      action.run();
    } catch (RuntimeException | Error actionFailed) {
      if (ending == null || ending instanceof GeneratorExit) {
        throw actionFailed; // nothing else to report it with
      }
      ending.addSuppressed(actionFailed);
    }
  }
}
