package flowbook.kernel.widget;

import com.google.gson.JsonObject;

/**
 * The kernel's end of Jupyter comms, as widgets use it: the protocol layer implements it and
 * connects it with {@link Widgets#connect}. Callable from any thread; each call sends one message
 * on IOPub at once, in call order per thread.
 */
public interface CommChannel {
  /**
   * Sends {@code comm_open} for a new comm.
   *
   * @param commId the new comm's id
   * @param targetName the front end's target, e.g. {@code jupyter.widget}
   * @param data the message's {@code data}
   * @param metadata the message's metadata (widgets put their protocol version there)
   */
  void open(String commId, String targetName, JsonObject data, JsonObject metadata);

  /** Sends {@code data} as a {@code comm_msg} on the open comm {@code commId}. */
  void send(String commId, JsonObject data);

  /** Sends {@code comm_close} for {@code commId}; later messages for it are ignored. */
  void close(String commId);
}
