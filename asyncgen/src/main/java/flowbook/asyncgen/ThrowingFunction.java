package flowbook.asyncgen;

/** A function that may throw; what it throws reaches the caller unchanged. */
@FunctionalInterface
public interface ThrowingFunction<T, R> {
  R apply(T value) throws Exception;
}
