package flowbook.asyncgen;

/**
 * A two-argument function that may throw; what it throws reaches the caller unchanged.
 *
 * @param <A> the type of the first argument
 * @param <B> the type of the second argument
 * @param <R> the type of the result
 */
@FunctionalInterface
public interface ThrowingBiFunction<A, B, R> {
  /**
   * Computes the result from the two arguments.
   *
   * @param first the first argument
   * @param second the second argument
   * @return the result
   * @throws Exception anything; the library closes the generator and rethrows it unchanged, as
   *     {@linkplain AsyncGenerator##exceptions Exceptions} says
   */
  R apply(A first, B second) throws Exception;
}
