package flowbook.asyncgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Operators that let through part of the values, or group them: take, takeWhile, skip, chunk. */
final class Limits {
  private Limits() {}

  static <T> AsyncGenerator<T> take(AsyncGenerator<T> upstream, long n) {
    if (n < 0) {
      throw new IllegalArgumentException("take(" + n + "): n must not be negative");
    }
    return AsyncGenerator.of(
        out -> {
          if (n == 0) {
            return; // the upstream never starts
          }
          long[] taken = {0};
          InlineRun.run(
              upstream.body(),
              item -> {
                out.yield(item);
                return ++taken[0] < n; // false closes the upstream at once, at its n-th yield
              });
        });
  }

  static <T> AsyncGenerator<T> takeWhile(
      AsyncGenerator<T> upstream, ThrowingPredicate<? super T> predicate) {
    Objects.requireNonNull(predicate, "takeWhile(null): pass the predicate values must pass");
    return AsyncGenerator.of(
        out ->
            InlineRun.run(
                upstream.body(),
                item -> {
                  if (!predicate.test(item)) {
                    return false; // closes the upstream; the failing value is not emitted
                  }
                  out.yield(item);
                  return true;
                }));
  }

  static <T> AsyncGenerator<T> skip(AsyncGenerator<T> upstream, long n) {
    if (n < 0) {
      throw new IllegalArgumentException("skip(" + n + "): n must not be negative");
    }
    return AsyncGenerator.of(
        out -> {
          long[] skipped = {0};
          upstream.forEach(
              item -> {
                if (skipped[0] < n) {
                  skipped[0]++;
                } else {
                  out.yield(item);
                }
              });
        });
  }

  static <T> AsyncGenerator<List<T>> chunk(AsyncGenerator<T> upstream, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("chunk(" + size + "): the size must be at least 1");
    }
    return AsyncGenerator.of(
        out -> {
          List<T> chunk = new ArrayList<>(size);
          upstream.forEach(
              item -> {
                chunk.add(item);
                if (chunk.size() == size) {
                  List<T> full = List.copyOf(chunk);
                  chunk.clear();
                  out.yield(full);
                }
              });
          if (!chunk.isEmpty()) {
            out.yield(List.copyOf(chunk));
          }
        });
  }
}
