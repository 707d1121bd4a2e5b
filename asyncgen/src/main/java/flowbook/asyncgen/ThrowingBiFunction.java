package flowbook.asyncgen;

/** A two-argument function that may throw; what it throws reaches the caller unchanged. */
@FunctionalInterface
public interface ThrowingBiFunction<A, B, R> {
  R apply(A first, B second) throws Exception;
}
