package flowbook.kernel.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests the debugger cannot serve get an error response, at once, never silence. (Serving them
 * needs the JDWP agent: e2e/test_debugger.py runs a kernel with it.)
 */
class DebugSessionTest {
  private final DebugSession session =
      new DebugSession(new SnippetClasses(new CellFiles("cells/", CellFiles.SEED, ".jsh")));

  @Test
  void anUnknownCommandGetsOneErrorResponseNamingTheCommandsItServes() {
    List<JsonObject> replies = new ArrayList<>();

    session.handle(request(3, "copyToGlobals"), replies::add);

    assertEquals(1, replies.size());
    JsonObject reply = replies.get(0);
    assertFalse(reply.get("success").getAsBoolean());
    assertEquals(3, reply.get("request_seq").getAsInt());
    assertEquals("copyToGlobals", reply.get("command").getAsString());
    String message = reply.get("message").getAsString();
    assertTrue(message.contains("does not support the DAP command 'copyToGlobals'"), message);
    assertTrue(message.contains("stackTrace"), message);
  }

  @Test
  void aKnownCommandBeforeTheAttachGetsAnErrorSayingToTryAgain() {
    List<JsonObject> replies = new ArrayList<>();

    session.handle(request(4, "debugInfo"), replies::add);

    assertEquals(1, replies.size());
    assertFalse(replies.get(0).get("success").getAsBoolean());
    assertTrue(replies.get(0).get("message").getAsString().contains("still attaching"));
  }

  @Test
  void aKernelWithoutTheDebuggerSaysWhyForEveryCommand() {
    Debugger none = Debugger.unavailable("its JVM has no JDWP agent");
    List<JsonObject> replies = new ArrayList<>();

    none.handle(request(5, "initialize"), replies::add);
    none.handle(request(6, "someFutureCommand"), replies::add);

    assertFalse(none.available());
    assertEquals(
        List.of(false, false), replies.stream().map(r -> r.get("success").getAsBoolean()).toList());
    assertTrue(replies.get(0).get("message").getAsString().contains("no JDWP agent"));
  }

  private static JsonObject request(int seq, String command) {
    JsonObject request = new JsonObject();
    request.addProperty("seq", seq);
    request.addProperty("type", "request");
    request.addProperty("command", command);
    request.add("arguments", new JsonObject());
    return request;
  }
}
