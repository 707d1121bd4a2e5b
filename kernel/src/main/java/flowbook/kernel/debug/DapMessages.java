package flowbook.kernel.debug;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/** The shapes of DAP responses and events, as Jupyter wraps them in debug_reply/debug_event. */
final class DapMessages {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private DapMessages() {}

  /** A successful response to {@code request} with {@code body} (may be null). */
  static JsonObject success(JsonObject request, JsonObject body) {
    JsonObject response = response(request, true);
    response.add("body", body == null ? new JsonObject() : body);
    return response;
  }

  /** A failed response to {@code request}: {@code message} says what went wrong and what to do. */
  static JsonObject failure(JsonObject request, String message) {
    JsonObject response = response(request, false);
    response.addProperty("message", message);
    JsonObject error = new JsonObject();
    error.addProperty("id", 1);
    error.addProperty("format", message.replace("{", "(").replace("}", ")"));
    JsonObject body = new JsonObject();
    body.add("error", error);
    response.add("body", body);
    return response;
  }

  /** An event named {@code name} with {@code body}. */
  static JsonObject event(String name, JsonObject body) {
    JsonObject event = new JsonObject();
    event.addProperty("seq", SEQUENCE.incrementAndGet());
    event.addProperty("type", "event");
    event.addProperty("event", name);
    event.add("body", body == null ? new JsonObject() : body);
    return event;
  }

  /** The request's {@code command}, or an empty string. */
  static String command(JsonObject request) {
    return string(request, "command", "");
  }

  /** The request's {@code arguments}, an empty object when absent. */
  static JsonObject arguments(JsonObject request) {
    JsonElement arguments = request == null ? null : request.get("arguments");
    return arguments != null && arguments.isJsonObject()
        ? arguments.getAsJsonObject()
        : new JsonObject();
  }

  static String string(JsonObject object, String field, String fallback) {
    JsonElement value = object == null ? null : object.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : fallback;
  }

  static int integer(JsonObject object, String field, int fallback) {
    JsonElement value = object == null ? null : object.get(field);
    try {
      return value != null && value.isJsonPrimitive() ? value.getAsInt() : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static JsonObject response(JsonObject request, boolean success) {
    JsonObject response = new JsonObject();
    response.addProperty("seq", SEQUENCE.incrementAndGet());
    response.addProperty("type", "response");
    response.addProperty("request_seq", integer(request, "seq", 0));
    response.addProperty("success", success);
    response.addProperty("command", command(request));
    return response;
  }
}
