package flowbook.kernel.protocol;

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
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A kernel on free loopback ports with a signed connection, and a front end talking to it over real
 * ZeroMQ sockets: shell, control, stdin and IOPub (subscribed to everything). {@link #close} closes
 * both.
 */
final class KernelClient implements AutoCloseable {
  /** How long one read waits before it counts as no message. */
  static final int RECEIVE_TIMEOUT_MILLIS = 30_000;

  private static final byte[] IDENTITY = "front-end-1".getBytes(StandardCharsets.UTF_8);

  private final KernelServer server;
  private final ZContext context = new ZContext();
  private final Wire wire;
  private final ZMQ.Socket shell;
  private final ZMQ.Socket control;
  private final ZMQ.Socket stdin;
  private final ZMQ.Socket iopub;

  /** Starts a kernel whose connection is signed with {@code key} and connects to it. */
  KernelClient(String key) throws Exception {
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
            key);
    ConnectionInfo connection = new ConnectionInfo(properties);
    server = new KernelServer(connection, JShellKernel::new);
    server.start();
    wire = new Wire(new HMACGenerator("hmac-sha256", key), true);
    // Jupyter's clients give the shell and stdin sockets the same identity: that is how the
    // kernel's input_request finds the front end that sent the execute_request.
    shell = connect(SocketType.DEALER, connection.address(properties.getShellPort()));
    control = connect(SocketType.DEALER, connection.address(properties.getControlPort()));
    stdin = connect(SocketType.DEALER, connection.address(properties.getStdinPort()));
    iopub = connect(SocketType.SUB, connection.address(properties.getIopubPort()));
    iopub.subscribe(new byte[0]);
  }

  ZMQ.Socket shell() {
    return shell;
  }

  ZMQ.Socket control() {
    return control;
  }

  ZMQ.Socket stdin() {
    return stdin;
  }

  ZMQ.Socket iopub() {
    return iopub;
  }

  /** The client's wire: signs with the connection's key and drops badly signed messages. */
  Wire wire() {
    return wire;
  }

  /**
   * Sends a {@code type} message with {@code content} on {@code socket}, a child of {@code parent}
   * (or none).
   */
  void send(ZMQ.Socket socket, String type, JsonObject content, Message parent) {
    wire.send(socket, List.of(), type, content, parent);
  }

  /**
   * Sends a {@code type} request on {@code socket} and returns the next message that comes back.
   */
  Message request(ZMQ.Socket socket, String type, JsonObject content) {
    send(socket, type, content, null);
    return next(socket);
  }

  /** Sends {@code code} in an {@code execute_request} on the shell socket; returns the reply. */
  Message execute(String code) {
    JsonObject content = new JsonObject();
    content.addProperty("code", code);
    return request(shell, "execute_request", content);
  }

  /** The next validly signed message on {@code socket}; fails when none comes. */
  Message next(ZMQ.Socket socket) {
    for (int attempt = 0; attempt < 100; attempt++) {
      Optional<Message> message = wire.read(socket);
      if (message.isPresent()) {
        return message.get();
      }
    }
    throw new AssertionError("no message");
  }

  /**
   * The IOPub messages that are children of the message {@code parentId}, in order, up to and with
   * its {@code idle} status; other messages are skipped.
   */
  List<Message> iopubUntilIdle(String parentId) {
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

  /** Closes the kernel, then the client's sockets. */
  @Override
  public void close() throws InterruptedException {
    try {
      server.close();
    } finally {
      context.close();
    }
  }

  private ZMQ.Socket connect(SocketType type, String address) {
    ZMQ.Socket socket = context.createSocket(type);
    socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MILLIS);
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
