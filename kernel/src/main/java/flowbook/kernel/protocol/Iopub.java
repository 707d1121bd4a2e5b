package flowbook.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * Publishes a message on IOPub, the channel every front end of the session listens to. Callable
 * from any thread (a cell's threads publish its output, also after the cell has replied).
 */
@FunctionalInterface
interface Iopub {
  /** Publishes {@code content} as a {@code type} message, a child of {@code parent} (or none). */
  void publish(String type, Object content, Message parent);

  /**
   * Publishes like {@link #publish(String, Object, Message)} with {@code metadata} as the message's
   * metadata (a widget's {@code comm_open} carries its protocol version there). This default drops
   * the metadata: implementations that reach a socket override it.
   */
  default void publish(String type, Object content, JsonObject metadata, Message parent) {
    publish(type, content, parent);
  }
}
