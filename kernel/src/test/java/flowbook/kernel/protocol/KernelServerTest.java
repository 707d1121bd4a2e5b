package flowbook.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZMQ;

/** The protocol layer over real ZeroMQ sockets on loopback, with a signed connection. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class KernelServerTest {
  private static final String KEY = "a-test-key";

  private KernelClient client;

  @BeforeAll
  void start() throws Exception {
    client = new KernelClient(KEY);
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
  }

  @Test
  void kernelInfoSaysOkAndJava() {
    Message reply = client.request(client.shell(), "kernel_info_request", new JsonObject());
    assertEquals("kernel_info_reply", reply.type());
    assertEquals("ok", reply.string("status", ""));
    assertEquals(
        "java", reply.content().getAsJsonObject("language_info").get("name").getAsString());
    assertEquals("flowbook", reply.string("implementation", ""));
    // the protocol it speaks (5.4 would promise the debug messages), and no debugger to offer
    assertEquals("5.3", reply.string("protocol_version", ""));
    assertFalse(reply.content().get("debugger").getAsBoolean());
  }

  @Test
  void aBadlySignedMessageGetsNoReplyAndTheKernelKeepsAnswering() {
    // when a message with a wrong signature, then a good one, are sent
    ZMQ.Socket forger = client.shell();
    forger.sendMore("<IDS|MSG>");
    forger.sendMore("0000bad-signature");
    forger.sendMore(header("forged-id", "kernel_info_request"));
    forger.sendMore("{}");
    forger.sendMore("{}");
    forger.send("{}");

    // then the first reply that comes is the good message's
    Message reply = client.request(client.shell(), "kernel_info_request", new JsonObject());
    assertTrue(!"forged-id".equals(reply.parentHeader().get("msg_id").getAsString()));
    assertEquals("ok", reply.string("status", ""));
  }

  @Test
  void executeStreamsOutputAndReplies() {
    Message reply = client.execute("System.out.println(\"hello\");\n6 * 7");
    assertEquals("ok", reply.string("status", ""));
    String parent = reply.parentHeader().get("msg_id").getAsString();
    List<Message> published = client.iopubUntilIdle(parent);
    List<String> types = published.stream().map(Message::type).toList();
    assertEquals(List.of("status", "execute_input", "stream", "execute_result", "status"), types);
    assertEquals("hello\n", published.get(2).string("text", ""));
  }

  @Test
  void aHelpCellRepliesWithAPagerPage() {
    Message reply = client.execute("?String.valueOf");

    assertEquals("ok", reply.string("status", ""));
    JsonArray payload = reply.content().getAsJsonArray("payload");
    assertEquals(1, payload.size());
    JsonObject page = payload.get(0).getAsJsonObject();
    assertEquals("page", page.get("source").getAsString());
    assertEquals(0, page.get("start").getAsInt());
    String text = page.getAsJsonObject("data").get("text/plain").getAsString();
    assertTrue(text.contains("valueOf"), text);
  }

  @Test
  void executionsQueuedBehindAFailedCellAreAborted() {
    // given a failing cell and one queued behind it
    JsonObject failing = new JsonObject();
    failing.addProperty("code", "Thread.sleep(500);\nthrow new IllegalStateException(\"stop\");");
    JsonObject queued = new JsonObject();
    queued.addProperty("code", "System.out.println(\"must not run\");");
    client.send(client.shell(), "execute_request", failing, null);
    client.send(client.shell(), "execute_request", queued, null);

    // then
    assertEquals("error", client.next(client.shell()).string("status", ""));
    assertEquals("aborted", client.next(client.shell()).string("status", ""));
    assertEquals("ok", client.execute("1 + 1").string("status", ""));
  }

  @Test
  void interruptOnControlIsAnswered() {
    Message reply = client.request(client.control(), "interrupt_request", new JsonObject());
    assertEquals("interrupt_reply", reply.type());
    assertEquals("ok", reply.string("status", ""));
  }

  private static String header(String id, String type) {
    return "{\"msg_id\":\""
        + id
        + "\",\"session\":\"s\",\"username\":\"u\",\"date\":\"2026-01-01T00:00:00Z\","
        + "\"msg_type\":\""
        + type
        + "\",\"version\":\"5.3\"}";
  }
}
