package flowbook.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZMQ;

/** The stdin channel and comm messages over real ZeroMQ sockets, as a front end sees them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class StdinAndCommsTest {
  private static final String KEY = "another-test-key";

  private KernelClient client;
  private ZMQ.Socket shell;
  private ZMQ.Socket stdin;

  @BeforeAll
  void start() throws Exception {
    client = new KernelClient(KEY);
    shell = client.shell();
    stdin = client.stdin();
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
  }

  @Test
  void readingSystemInAsksTheFrontEndAndGetsItsAnswer() {
    JsonObject execute = new JsonObject();
    execute.addProperty("code", "new Scanner(System.in).nextLine().toUpperCase()");
    execute.addProperty("allow_stdin", true);
    client.send(shell, "execute_request", execute, null);

    Message request = client.next(stdin);
    assertEquals("input_request", request.type());
    assertEquals("", request.string("prompt", null));
    JsonObject answer = new JsonObject();
    answer.addProperty("value", "quiet words");
    client.send(stdin, "input_reply", answer, request);

    Message reply = client.next(shell);
    assertEquals("ok", reply.string("status", ""), reply.content().toString());
    String parent = reply.parentHeader().get("msg_id").getAsString();
    assertEquals(
        request.parentHeader().get("msg_id").getAsString(), parent); // input_request's parent
    Message result =
        client.iopubUntilIdle(parent).stream()
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
    client.send(shell, "execute_request", execute, null);
    Message reply = client.next(shell);
    assertEquals("error", reply.string("status", ""));
    assertTrue(reply.string("evalue", "").contains("stdin is not available from this front end"));
    stdin.setReceiveTimeOut(200);
    try {
      assertTrue(client.wire().read(stdin).isEmpty(), "an input_request came all the same");
    } finally {
      stdin.setReceiveTimeOut(KernelClient.RECEIVE_TIMEOUT_MILLIS);
    }
  }

  @Test
  void commInfoIsEmptyAndAnUnknownCommIsClosed() {
    Message info = client.request(shell, "comm_info_request", new JsonObject());
    assertEquals("comm_info_reply", info.type());
    assertEquals("ok", info.string("status", ""));
    assertEquals(new JsonObject(), info.content().getAsJsonObject("comms"));

    JsonObject open = new JsonObject();
    open.addProperty("comm_id", "comm-1");
    open.addProperty("target_name", "jupyter.widget");
    open.add("data", new JsonObject());
    client.send(shell, "comm_open", open, null);
    Message closed;
    do {
      closed = client.next(client.iopub());
    } while (!closed.type().equals("comm_close"));
    assertEquals("comm-1", closed.string("comm_id", ""));

    JsonObject message = new JsonObject();
    message.addProperty("comm_id", "comm-1");
    message.add("data", new JsonObject());
    client.send(shell, "comm_msg", message, null);
    client.send(shell, "comm_close", message, null);
    assertEquals(
        "ok", client.request(shell, "kernel_info_request", new JsonObject()).string("status", ""));
  }
}
