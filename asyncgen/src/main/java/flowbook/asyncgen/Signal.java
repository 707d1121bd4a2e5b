package flowbook.asyncgen;

/**
 * What an operator's body receives through its {@link Mailbox} from the upstreams it consumes on
 * other threads, and from its timers.
 */
sealed interface Signal {
  /** Upstream {@code source} produced {@code value}. */
  record Item(int source, Object value) implements Signal {}

  /** Upstream {@code source} completed. */
  record End(int source) implements Signal {}

  /** Upstream {@code source} failed with {@code error}. */
  record Failed(int source, Throwable error) implements Signal {}

  /** A timer or an asynchronous result wants the body's attention; {@code tag} says which. */
  record Wake(long tag) implements Signal {}
}
