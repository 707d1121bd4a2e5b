package flowbook.asyncgen;

/**
 * A function that may throw; what it throws reaches the caller unchanged.
 *
 * @param <T> the type of the argument
 * @param <R> the type of the result
 */
@FunctionalInterface
public interface ThrowingFunction<T, R> {
  /**
   * Computes the result for {@code value}.
   *
   * @param value the argument
   * @return the result
   * @throws Exception anything; the library closes the generator and rethrows it unchanged, as
   *     {@linkplain AsyncGenerator##exceptions Exceptions} says
   */
  R apply(T value) throws Exception;
}
