package flowbook.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import flowbook.kernel.JShellKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The protocol layer over real ZeroMQ sockets on loopback, with a signed connection. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class KernelServerTest {
  private static final String KEY = "a-test-key";

  private KernelServer server;
  private final ZContext client = new ZContext();
  private ZMQ.Socket shell;
  private ZMQ.Socket control;
  private ZMQ.Socket iopub;
  private Wire wire;

  @BeforeAll
  void start() throws Exception {
    int[] ports = freePorts(5);
    var properties =
        new KernelConnectionProperties(
            "127.0.0.1",
            ports[0],
            ports[1],
            ports[2],
            ports[3],
            ports[4],
            "tcp",
            "hmac-sha256",
            KEY);
    ConnectionInfo connection = new ConnectionInfo(properties);
    server = new KernelServer(connection, JShellKernel::new);
    server.start();
    wire = new Wire(new HMACGenerator("hmac-sha256", KEY), true);
    shell = connect(SocketType.DEALER, connection.address(ports[1]));
    control = connect(SocketType.DEALER, connection.address(ports[0]));
    iopub = connect(SocketType.SUB, connection.address(ports[4]));
    iopub.subscribe(new byte[0]);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    client.close();
  }

  @Test
  void kernelInfoSaysOkAndJava() {
    Message reply = request(shell, "kernel_info_request", new JsonObject());
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
    ZMQ.Socket forger = shell;
    forger.sendMore("<IDS|MSG>");
    forger.sendMore("0000bad-signature");
    forger.sendMore(header("forged-id", "kernel_info_request"));
    forger.sendMore("{}");
    forger.sendMore("{}");
    forger.send("{}");

    // then the first reply that comes is the good message's
    Message reply = request(shell, "kernel_info_request", new JsonObject());
    assertTrue(!"forged-id".equals(reply.parentHeader().get("msg_id").getAsString()));
    assertEquals("ok", reply.string("status", ""));
  }

  @Test
  void executeStreamsOutputAndReplies() {
    Message reply = execute("System.out.println(\"hello\");\n6 * 7");
    assertEquals("ok", reply.string("status", ""));
    String parent = reply.parentHeader().get("msg_id").getAsString();
    List<Message> published = iopubUntilIdle(parent);
    List<String> types = published.stream().map(Message::type).toList();
    assertEquals(List.of("status", "execute_input", "stream", "execute_result", "status"), types);
    assertEquals("hello\n", published.get(2).string("text", ""));
  }

  @Test
  void aHelpCellRepliesWithAPagerPage() {
    Message reply = execute("?String.valueOf");

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
    wire.send(shell, List.of(), "execute_request", failing, null);
    wire.send(shell, List.of(), "execute_request", queued, null);

    // then
    assertEquals("error", nextReply().string("status", ""));
    assertEquals("aborted", nextReply().string("status", ""));
    assertEquals("ok", execute("1 + 1").string("status", ""));
  }

  @Test
  void interruptOnControlIsAnswered() {
    Message reply = request(control, "interrupt_request", new JsonObject());
    assertEquals("interrupt_reply", reply.type());
    assertEquals("ok", reply.string("status", ""));
  }

  /** Sends {@code code} in an {@code execute_request} on the shell socket; returns the reply. */
  private Message execute(String code) {
    JsonObject content = new JsonObject();
    content.addProperty("code", code);
    return request(shell, "execute_request", content);
  }

  private Message request(ZMQ.Socket socket, String type, JsonObject content) {
    wire.send(socket, List.of(), type, content, null);
    while (true) {
      Optional<Message> reply = wire.read(socket);
      if (reply.isPresent()) {
        return reply.get();
      }
    }
  }

  private Message nextReply() {
    while (true) {
      Optional<Message> reply = wire.read(shell);
      if (reply.isPresent()) {
        return reply.get();
      }
    }
  }

  private List<Message> iopubUntilIdle(String parentId) {
    List<Message> messages = new ArrayList<>();
    while (true) {
      Optional<Message> message = wire.read(iopub);
      if (message.isEmpty()) {
        continue;
      }
      Message m = message.get();
      if (!m.parentHeader().has("msg_id")
          || !parentId.equals(m.parentHeader().get("msg_id").getAsString())) {
        continue;
      }
      messages.add(m);
      if ("status".equals(m.type()) && "idle".equals(m.string("execution_state", ""))) {
        return messages;
      }
    }
  }

  private ZMQ.Socket connect(SocketType type, String address) {
    ZMQ.Socket socket = client.createSocket(type);
    socket.setReceiveTimeOut(30_000);
    socket.connect(address);
    return socket;
  }

  private static String header(String id, String type) {
    return "{\"msg_id\":\""
        + id
        + "\",\"session\":\"s\",\"username\":\"u\",\"date\":\"2026-01-01T00:00:00Z\","
        + "\"msg_type\":\""
        + type
        + "\",\"version\":\"5.3\"}";
  }

  private static int[] freePorts(int count) throws IOException {
    int[] ports = new int[count];
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
    return ports;
  }
}
