package flowbook.kernel.protocol;

import com.google.gson.JsonObject;
import flowbook.kernel.widget.CommChannel;
import flowbook.kernel.widget.Widgets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Jupyter comms (the channel widgets use): the open comms of both sides, their targets, and the
 * messages between the front end and the widgets ({@link Widgets}).
 *
 * <ul>
 *   <li>{@code comm_info_request}: every open comm with its target name, only those of the
 *       request's {@code target_name} when it has one.
 *   <li>{@code comm_open} for a target nobody registered (or a widget the kernel does not know): a
 *       {@code comm_close} for that comm on IOPub, so the front end knows it will get no answer.
 *   <li>{@code comm_msg} and {@code comm_close} for unknown comms: accepted and logged, no error.
 *   <li>What the kernel sends while handling a front end's comm message has that message as parent
 *       (JupyterLab matches a widget's {@code echo_update} by it); anything else sent on a comm has
 *       the latest {@code execute_request} as parent, so nbclient stores widget state with the cell
 *       that made it.
 * </ul>
 */
final class Comms implements CommChannel {
  private static final Logger LOG = Logger.getLogger(Comms.class.getName());

  private final Iopub iopub;
  private final Supplier<Message> latestCell;
  private final Map<String, String> open = new ConcurrentHashMap<>(); // comm id -> target name
  private final ThreadLocal<Message> handling = new ThreadLocal<>(); // the comm message in hand

  /**
   * Comms publishing on {@code iopub}.
   *
   * @param latestCell the latest {@code execute_request}, or null: the parent of what is sent
   *     outside the handling of a comm message
   */
  Comms(Iopub iopub, Supplier<Message> latestCell) {
    this.iopub = iopub;
    this.latestCell = latestCell;
  }

  /** The {@code comm_info_reply} content: the open comms, of the requested target if one is. */
  JsonObject info(Message request) {
    String target = request.string("target_name", "");
    JsonObject comms = new JsonObject();
    open.forEach(
        (id, targetName) -> {
          if (target.isEmpty() || target.equals(targetName)) {
            JsonObject comm = new JsonObject();
            comm.addProperty("target_name", targetName);
            comms.add(id, comm);
          }
        });
    JsonObject content = new JsonObject();
    content.addProperty("status", "ok");
    content.add("comms", comms);
    return content;
  }

  /** Handles {@code comm_open}, {@code comm_msg} and {@code comm_close}; returns at once. */
  void handle(Message message) {
    String commId = message.string("comm_id", "");
    JsonObject data =
        message.content().has("data") && message.content().get("data").isJsonObject()
            ? message.content().getAsJsonObject("data")
            : new JsonObject();
    handling.set(message);
    try {
      switch (message.type()) {
        case "comm_open" -> {
          String target = message.string("target_name", "");
          if (Widgets.targets().contains(target) && Widgets.opened(commId, target, data)) {
            open.put(commId, target);
          } else {
            LOG.info("no comm target " + target + " takes comm " + commId + "; closing it");
            close(commId);
          }
        }
        case "comm_msg" -> {
          if (open.containsKey(commId)) {
            Widgets.received(commId, data);
          } else {
            LOG.fine("comm_msg for unknown comm " + commId);
          }
        }
        case "comm_close" -> {
          if (open.remove(commId) != null) {
            Widgets.closed(commId);
          } else {
            LOG.fine("comm_close for unknown comm " + commId);
          }
        }
        default -> LOG.warning("not a comm message: " + message.type());
      }
    } finally {
      handling.remove();
    }
  }

  @Override
  public void open(String commId, String targetName, JsonObject data, JsonObject metadata) {
    open.put(commId, targetName);
    JsonObject content = new JsonObject();
    content.addProperty("comm_id", commId);
    content.addProperty("target_name", targetName);
    content.add("data", data);
    iopub.publish("comm_open", content, metadata, parent());
  }

  @Override
  public void send(String commId, JsonObject data) {
    JsonObject content = new JsonObject();
    content.addProperty("comm_id", commId);
    content.add("data", data);
    iopub.publish("comm_msg", content, parent());
  }

  @Override
  public void close(String commId) {
    open.remove(commId);
    JsonObject content = new JsonObject();
    content.addProperty("comm_id", commId);
    content.add("data", new JsonObject());
    iopub.publish("comm_close", content, parent());
  }

  private Message parent() {
    Message message = handling.get();
    return message != null ? message : latestCell.get();
  }
}
