package flowbook.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * Requests as a front end sends them, for the protocol tests; each with a message id of its own.
 */
final class TestMessages {
  private TestMessages() {}

  /** An {@code execute_request} for {@code code}. */
  static Message execute(String code) {
    JsonObject content = new JsonObject();
    content.addProperty("code", code);
    return request("execute_request", content);
  }

  /** A request of {@code type} with {@code content} and a fresh {@code msg_id}. */
  static Message request(String type, JsonObject content) {
    JsonObject header = new JsonObject();
    header.addProperty("msg_id", UUID.randomUUID().toString());
    header.addProperty("msg_type", type);
    return new Message(List.of(), header, new JsonObject(), new JsonObject(), content);
  }
}
