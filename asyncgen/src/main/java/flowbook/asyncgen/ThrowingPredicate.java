package flowbook.asyncgen;

/**
 * A predicate that may throw; what it throws reaches the caller unchanged.
 *
 * @param <T> the type of the value tested
 */
@FunctionalInterface
public interface ThrowingPredicate<T> {
  /**
   * Tests {@code value}.
   *
   * @param value the value to test
   * @return whether {@code value} passes
   * @throws Exception anything; the library closes the generator and rethrows it unchanged, as
   *     {@linkplain AsyncGenerator##exceptions Exceptions} says
   */
  boolean test(T value) throws Exception;
}
