package flowbook.asyncgen;

/**
 * What an upstream running on a thread of its own ({@link UpstreamThread}, {@link
 * PullingSubscriber}) hands an operator's body through a {@link Mailbox}: exactly one signal per
 * request. Read them with an exhaustive {@code switch}.
 *
 * @param <T> the type of the upstream's values
 */
sealed interface Signal<T> {
  /** Upstream {@code source} produced {@code value}. */
  record Item<T>(int source, T value) implements Signal<T> {}

  /** Upstream {@code source} completed. */
  record End<T>(int source) implements Signal<T> {}

  /** Upstream {@code source} failed with {@code error}. */
  record Failed<T>(int source, Throwable error) implements Signal<T> {}
}
