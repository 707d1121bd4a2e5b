package flowbook.kernel.protocol;

/**
 * Publishes a message on IOPub, the channel every front end of the session listens to. Callable
 * from any thread (a cell's threads publish its output, also after the cell has replied).
 */
@FunctionalInterface
interface Iopub {
  /** Publishes {@code content} as a {@code type} message, a child of {@code parent} (or none). */
  void publish(String type, Object content, Message parent);
}
