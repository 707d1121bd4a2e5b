package flowbook.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.logging.Logger;

/**
 * Jupyter comms (the channel widgets use), answered as ipykernel answers them when nothing is
 * registered: the kernel has no comm targets yet.
 *
 * <ul>
 *   <li>{@code comm_info_request}: an empty {@code comms} map, whatever the target name.
 *   <li>{@code comm_open} for a target nobody registered: a {@code comm_close} for that comm on
 *       IOPub, so the front end knows it will get no answer.
 *   <li>{@code comm_msg} and {@code comm_close} for unknown comms: accepted and logged, no error.
 * </ul>
 */
final class Comms {
  private static final Logger LOG = Logger.getLogger(Comms.class.getName());

  private final Iopub iopub;

  Comms(Iopub iopub) {
    this.iopub = iopub;
  }

  /** The {@code comm_info_reply} content: no comm is open. */
  JsonObject info(Message request) {
    JsonObject content = new JsonObject();
    content.addProperty("status", "ok");
    content.add("comms", new JsonObject());
    return content;
  }

  /** Handles {@code comm_open}, {@code comm_msg} and {@code comm_close}. */
  void handle(Message message) {
    String commId = message.string("comm_id", "");
    switch (message.type()) {
      case "comm_open" -> {
        LOG.info(
            "no comm target "
                + message.string("target_name", "")
                + " is registered; closing comm "
                + commId);
        JsonObject close = new JsonObject();
        close.addProperty("comm_id", commId);
        close.add("data", new JsonObject());
        iopub.publish("comm_close", close, message);
      }
      case "comm_msg", "comm_close" -> LOG.fine(message.type() + " for unknown comm " + commId);
      default -> LOG.warning("not a comm message: " + message.type());
    }
  }
}
