package flowbook.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * A Jupyter message as received: routing identities and the four JSON parts.
 *
 * @param identities the ZeroMQ routing prefix, sent back with replies
 * @param header the header ({@code msg_id}, {@code msg_type}, {@code session}, ...)
 * @param parentHeader the parent header, empty when there is none
 * @param metadata the metadata object
 * @param content the content object
 */
public record Message(
    List<byte[]> identities,
    JsonObject header,
    JsonObject parentHeader,
    JsonObject metadata,
    JsonObject content) {

  /** The {@code msg_type} of the header, or an empty string. */
  public String type() {
    JsonElement type = header.get("msg_type");
    return type != null && type.isJsonPrimitive() ? type.getAsString() : "";
  }

  /** A string field of the content, or {@code fallback} when it is absent or not a string. */
  public String string(String field, String fallback) {
    JsonElement value = content.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : fallback;
  }

  /** An integer field of the content, or {@code fallback}. */
  public int integer(String field, int fallback) {
    JsonElement value = content.get(field);
    try {
      return value != null && value.isJsonPrimitive() ? value.getAsInt() : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** A boolean field of the content, or {@code fallback}. */
  public boolean bool(String field, boolean fallback) {
    JsonElement value = content.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsBoolean() : fallback;
  }
}
