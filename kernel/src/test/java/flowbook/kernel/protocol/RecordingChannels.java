package flowbook.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The channels as the request handlers and the shell's lanes see them, for the protocol tests:
 * records all they are sent, in order (IOPub messages, replies, {@code abort waiting} and {@code
 * shutdown}), and lets a test wait for a message. Cells' threads publish too, hence the monitor.
 */
final class RecordingChannels implements RequestHandlers.Replies, Iopub {
  /** One thing sent: {@code "iopub <type>"}, {@code "reply <type>"}, {@code "shutdown"}, ... */
  record Sent(String event, JsonObject content, Message parent) {
    boolean isStatus(String state, Message of) {
      return event.equals("iopub status")
          && parent == of
          && content.get("execution_state").getAsString().equals(state);
    }
  }

  private final List<Sent> sent = new ArrayList<>(); // guarded by this

  @Override
  public void publish(String type, Object content, Message parent) {
    add(new Sent("iopub " + type, Wire.gson().toJsonTree(content).getAsJsonObject(), parent));
  }

  @Override
  public void reply(Message request, String type, JsonObject content) {
    add(new Sent("reply " + type, content, request));
  }

  @Override
  public void abortWaitingExecutions() {
    add(new Sent("abort waiting", null, null));
  }

  void shutdown() {
    add(new Sent("shutdown", null, null));
  }

  private synchronized void add(Sent message) {
    sent.add(message);
    notifyAll();
  }

  synchronized List<Sent> all() {
    return List.copyOf(sent);
  }

  synchronized List<String> events() {
    return sent.stream().map(Sent::event).toList();
  }

  /** The contents sent as {@code event}, in order. */
  synchronized List<JsonObject> contents(String event) {
    return sent.stream().filter(s -> s.event().equals(event)).map(Sent::content).toList();
  }

  /** The content of the first {@code event}. */
  JsonObject content(String event) {
    return contents(event).getFirst();
  }

  synchronized Sent first(String event) {
    return sent.stream().filter(s -> s.event().equals(event)).findFirst().orElseThrow();
  }

  /** Waits for a message matching {@code condition} (the test's timeout bounds the wait). */
  synchronized Sent await(String what, Predicate<Sent> condition) throws InterruptedException {
    while (true) {
      for (Sent message : sent) {
        if (condition.test(message)) {
          return message;
        }
      }
      wait();
    }
  }

  /** Waits for the comm_open of a {@code modelName} and returns its comm id. */
  String awaitModel(String modelName) throws InterruptedException {
    return await(modelName, s -> isOpenOf(s, modelName)).content().get("comm_id").getAsString();
  }

  /** The comm id of the latest opened {@code modelName}. */
  synchronized String modelId(String modelName) {
    return sent.stream()
        .filter(s -> isOpenOf(s, modelName))
        .reduce((a, b) -> b)
        .orElseThrow()
        .content()
        .get("comm_id")
        .getAsString();
  }

  private static boolean isOpenOf(Sent s, String modelName) {
    return s.event().equals("iopub comm_open")
        && s.content()
            .getAsJsonObject("data")
            .getAsJsonObject("state")
            .get("_model_name")
            .getAsString()
            .equals(modelName);
  }

  /** The status messages with these parents, as "state name" (names: cell, info, click). */
  synchronized List<String> statuses(Message cell, Message info, Message click) {
    List<String> statuses = new ArrayList<>();
    for (Sent s : sent) {
      if (!s.event().equals("iopub status")) {
        continue;
      }
      String state = s.content().get("execution_state").getAsString();
      String of =
          s.parent() == cell
              ? "cell"
              : s.parent() == info ? "info" : s.parent() == click ? "click" : "other";
      statuses.add(state + " " + of);
    }
    return statuses;
  }
}
