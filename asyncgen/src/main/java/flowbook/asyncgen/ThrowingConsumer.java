package flowbook.asyncgen;

/** A consumer that may throw; what it throws reaches the caller unchanged. */
@FunctionalInterface
public interface ThrowingConsumer<T> {
  void accept(T value) throws Exception;
}
