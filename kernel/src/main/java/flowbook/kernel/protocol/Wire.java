package flowbook.kernel.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.zeromq.ZMQ;

/**
 * Jupyter's wire format: frames to {@link Message} and back, signed with the connection's HMAC key
 * (basekernel's {@link HMACGenerator}).
 *
 * <ul>
 *   <li>{@link #read} takes one whole multipart message off the socket, whatever it contains: a
 *       message with a missing or wrong signature, too few frames or bad JSON is dropped with a log
 *       line and the caller goes on with the next one.
 *   <li>{@link #send} may be called from several threads for different sockets; callers serialise
 *       sends to one socket.
 * </ul>
 */
/* basekernel's JupyterSocket reads frame by frame and throws on a bad signature, out of its
 * channel loop, which leaves the kernel deaf; and it reads too far on a message with too few
 * frames. Reading the whole multipart message first avoids both. */
public final class Wire {
  private static final Logger LOG = Logger.getLogger(Wire.class.getName());
  private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

  /** The Jupyter messaging protocol spoken: every header carries it, and kernel_info states it. */
  static final String PROTOCOL_VERSION = "5.3";

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private final HMACGenerator signer;
  private final boolean verifying; // false when the connection has no key
  private final String session = UUID.randomUUID().toString();

  /** A wire signing with {@code signer}; {@code verifying} false accepts unsigned messages. */
  public Wire(HMACGenerator signer, boolean verifying) {
    this.signer = signer;
    this.verifying = verifying;
  }

  /** The Gson instance used for message parts; it does not escape HTML in strings. */
  public static Gson gson() {
    return GSON;
  }

  /** Reads the next message from {@code socket}; empty when it was invalid and dropped. */
  public Optional<Message> read(ZMQ.Socket socket) {
    List<byte[]> frames = new ArrayList<>();
    do {
      byte[] frame = socket.recv(0);
      if (frame == null) {
        return Optional.empty();
      }
      frames.add(frame);
    } while (socket.hasReceiveMore());
    int delimiter = -1;
    for (int i = 0; i < frames.size(); i++) {
      if (Arrays.equals(frames.get(i), DELIMITER)) {
        delimiter = i;
        break;
      }
    }
    if (delimiter < 0 || frames.size() < delimiter + 6) {
      LOG.warning("dropped a message without the frames of the Jupyter wire format");
      return Optional.empty();
    }
    byte[] signature = frames.get(delimiter + 1);
    byte[] header = frames.get(delimiter + 2);
    byte[] parent = frames.get(delimiter + 3);
    byte[] metadata = frames.get(delimiter + 4);
    byte[] content = frames.get(delimiter + 5);
    if (verifying) {
      byte[] expected =
          signer
              .calculateSignature(header, parent, metadata, content)
              .getBytes(StandardCharsets.US_ASCII);
      if (!MessageDigest.isEqual(expected, signature)) {
        LOG.warning("dropped a message with a missing or wrong HMAC signature");
        return Optional.empty();
      }
    }
    try {
      return Optional.of(
          new Message(
              List.copyOf(frames.subList(0, delimiter)),
              object(header),
              object(parent),
              object(metadata),
              object(content)));
    } catch (JsonParseException | IllegalStateException e) {
      LOG.warning("dropped a message with malformed JSON: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Signs and sends a message of {@code type} in reply to (or caused by) {@code parent}. */
  public void send(
      ZMQ.Socket socket, List<byte[]> identities, String type, Object content, Message parent) {
    send(socket, identities, type, content, new JsonObject(), parent);
  }

  /** Like {@link #send(ZMQ.Socket, List, String, Object, Message)}, with {@code metadata}. */
  public void send(
      ZMQ.Socket socket,
      List<byte[]> identities,
      String type,
      Object content,
      JsonObject metadata,
      Message parent) {
    byte[] header = bytes(header(type));
    byte[] parentHeader = bytes(parent == null ? new JsonObject() : parent.header());
    byte[] metadataBytes = bytes(metadata);
    byte[] body = bytes(GSON.toJsonTree(content));
    String signature = signer.calculateSignature(header, parentHeader, metadataBytes, body);
    for (byte[] identity : identities) {
      socket.sendMore(identity);
    }
    socket.sendMore(DELIMITER);
    socket.sendMore(signature.getBytes(StandardCharsets.US_ASCII));
    socket.sendMore(header);
    socket.sendMore(parentHeader);
    socket.sendMore(metadataBytes);
    socket.send(body, 0);
  }

  private JsonObject header(String type) {
    JsonObject header = new JsonObject();
    header.addProperty("msg_id", UUID.randomUUID().toString());
    header.addProperty("session", session);
    header.addProperty("username", "kernel");
    header.addProperty("date", Instant.now().toString());
    header.addProperty("msg_type", type);
    header.addProperty("version", PROTOCOL_VERSION);
    return header;
  }

  private static JsonObject object(byte[] json) {
    JsonElement element = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
    return element.isJsonObject() ? element.getAsJsonObject() : new JsonObject();
  }

  private static byte[] bytes(JsonElement json) {
    return GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
  }
}
