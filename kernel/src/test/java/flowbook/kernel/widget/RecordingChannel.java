package flowbook.kernel.widget;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A front end's view of the widgets' comms: records every message the kernel sends, in order. */
final class RecordingChannel implements CommChannel {
  /** One message: {@code open}, {@code msg} or {@code close}, its comm, its data and metadata. */
  record Sent(String kind, String commId, JsonObject data, JsonObject metadata) {
    String method() {
      return data.has("method") ? data.get("method").getAsString() : "";
    }

    JsonObject state() {
      return data.getAsJsonObject("state");
    }
  }

  private final List<Sent> sent = new CopyOnWriteArrayList<>();

  @Override
  public void open(String commId, String targetName, JsonObject data, JsonObject metadata) {
    data = data.deepCopy();
    data.addProperty("target_name", targetName);
    sent.add(new Sent("open", commId, data, metadata));
  }

  @Override
  public void send(String commId, JsonObject data) {
    sent.add(new Sent("msg", commId, data.deepCopy(), new JsonObject()));
  }

  @Override
  public void close(String commId) {
    sent.add(new Sent("close", commId, new JsonObject(), new JsonObject()));
  }

  List<Sent> all() {
    return List.copyOf(sent);
  }

  List<Sent> matching(Predicate<Sent> filter) {
    return new ArrayList<>(sent.stream().filter(filter).toList());
  }

  /** Messages about {@code widget}'s comm. */
  List<Sent> of(Widget widget) {
    return matching(s -> s.commId().equals(widget.modelId()));
  }

  void clear() {
    sent.clear();
  }
}
