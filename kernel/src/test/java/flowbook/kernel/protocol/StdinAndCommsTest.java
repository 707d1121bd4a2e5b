package flowbook.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import flowbook.kernel.JShellKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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

/** The stdin channel and comm messages over real ZeroMQ sockets, as a front end sees them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class StdinAndCommsTest {
  private static final String KEY = "another-test-key";
  private static final byte[] IDENTITY = "front-end-1".getBytes(StandardCharsets.UTF_8);

  private KernelServer server;
  private final ZContext client = new ZContext();
  private ZMQ.Socket shell;
  private ZMQ.Socket stdin;
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
    // Jupyter's clients give the shell and stdin sockets the same identity: that is how the
    // kernel's input_request finds the front end that sent the execute_request.
    shell = connect(SocketType.DEALER, connection.address(ports[1]));
    stdin = connect(SocketType.DEALER, connection.address(ports[2]));
    iopub = connect(SocketType.SUB, connection.address(ports[4]));
    iopub.subscribe(new byte[0]);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    client.close();
  }

  @Test
  void readingSystemInAsksTheFrontEndAndGetsItsAnswer() {
    JsonObject execute = new JsonObject();
    execute.addProperty("code", "new Scanner(System.in).nextLine().toUpperCase()");
    execute.addProperty("allow_stdin", true);
    wire.send(shell, List.of(), "execute_request", execute, null);

    Message request = next(stdin);
    assertEquals("input_request", request.type());
    assertEquals("", request.string("prompt", null));
    JsonObject answer = new JsonObject();
    answer.addProperty("value", "quiet words");
    wire.send(stdin, List.of(), "input_reply", answer, request);

    Message reply = next(shell);
    assertEquals("ok", reply.string("status", ""), reply.content().toString());
    String parent = reply.parentHeader().get("msg_id").getAsString();
    assertEquals(
        request.parentHeader().get("msg_id").getAsString(), parent); // input_request's parent
    Message result =
        iopubUntilIdle(parent).stream()
            .filter(m -> m.type().equals("execute_result"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "\"QUIET WORDS\"",
        result.content().getAsJsonObject("data").get("text/plain").getAsString());
  }

  @Test
  void withoutAllowStdinReadingIsAnErrorAndNothingIsAsked() {
    JsonObject execute = new JsonObject();
    execute.addProperty("code", "System.in.read()");
    execute.addProperty("allow_stdin", false);
    wire.send(shell, List.of(), "execute_request", execute, null);
    Message reply = next(shell);
    assertEquals("error", reply.string("status", ""));
    assertTrue(reply.string("evalue", "").contains("stdin is not available from this front end"));
    stdin.setReceiveTimeOut(200);
    try {
      assertTrue(wire.read(stdin).isEmpty(), "an input_request came all the same");
    } finally {
      stdin.setReceiveTimeOut(30_000);
    }
  }

  @Test
  void commInfoIsEmptyAndAnUnknownCommIsClosed() {
    Message info = request("comm_info_request", new JsonObject());
    assertEquals("comm_info_reply", info.type());
    assertEquals("ok", info.string("status", ""));
    assertEquals(new JsonObject(), info.content().getAsJsonObject("comms"));

    JsonObject open = new JsonObject();
    open.addProperty("comm_id", "comm-1");
    open.addProperty("target_name", "jupyter.widget");
    open.add("data", new JsonObject());
    wire.send(shell, List.of(), "comm_open", open, null);
    Message closed;
    do {
      closed = next(iopub);
    } while (!closed.type().equals("comm_close"));
    assertEquals("comm-1", closed.string("comm_id", ""));

    JsonObject message = new JsonObject();
    message.addProperty("comm_id", "comm-1");
    message.add("data", new JsonObject());
    wire.send(shell, List.of(), "comm_msg", message, null);
    wire.send(shell, List.of(), "comm_close", message, null);
    assertEquals("ok", request("kernel_info_request", new JsonObject()).string("status", ""));
  }

  private Message request(String type, JsonObject content) {
    wire.send(shell, List.of(), type, content, null);
    return next(shell);
  }

  private Message next(ZMQ.Socket socket) {
    for (int attempt = 0; attempt < 100; attempt++) {
      Optional<Message> message = wire.read(socket);
      if (message.isPresent()) {
        return message.get();
      }
    }
    throw new AssertionError("no message");
  }

  private List<Message> iopubUntilIdle(String parentId) {
    List<Message> messages = new ArrayList<>();
    while (true) {
      Message m = next(iopub);
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
    if (type == SocketType.DEALER) {
      socket.setIdentity(IDENTITY);
    }
    socket.connect(address);
    return socket;
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
