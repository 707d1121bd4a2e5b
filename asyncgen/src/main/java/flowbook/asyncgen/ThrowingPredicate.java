package flowbook.asyncgen;

/** A predicate that may throw; what it throws reaches the caller unchanged. */
@FunctionalInterface
public interface ThrowingPredicate<T> {
  boolean test(T value) throws Exception;
}
