package flowbook.kernel.protocol;

import static flowbook.kernel.protocol.TestMessages.execute;
import static flowbook.kernel.protocol.TestMessages.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import flowbook.kernel.JShellKernel;
import flowbook.kernel.KernelTestSupport;
import flowbook.kernel.cell.InputSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The request handlers without ZeroMQ: what a request's reply and IOPub messages contain, and in
 * which order the handlers send them. Busy/idle status and the sockets are the channels' part
 * ({@link KernelServerTest}).
 */
@Timeout(60)
class RequestHandlersTest extends KernelTestSupport {
  private RecordingChannels sent;
  private RequestHandlers handlers;

  @BeforeEach
  void newHandlers() {
    sent = new RecordingChannels();
    handlers = handlersOf(CompletableFuture.completedFuture(kernel));
  }

  @Test
  void aCellPublishesItsOutputsBeforeItsReplyAllWithItsCount() {
    // when
    Message request = execute("System.out.println(\"hello\");\n6 * 7");
    handlers.handle(request, sent);

    // then
    assertEquals(
        List.of(
            "iopub execute_input", "iopub stream", "iopub execute_result", "reply execute_reply"),
        sent.events());
    sent.all().forEach(message -> assertSame(request, message.parent(), message.event()));
    JsonObject reply = sent.content("reply execute_reply");
    assertEquals("ok", reply.get("status").getAsString());
    int count = reply.get("execution_count").getAsInt();
    assertEquals(count, sent.content("iopub execute_input").get("execution_count").getAsInt());
    assertEquals(count, sent.content("iopub execute_result").get("execution_count").getAsInt());
  }

  @Test
  void aFailedCellAsksToAbortTheWaitingCellsBeforeItsReplyWhichCarriesTheShownError() {
    // when
    handlers.handle(execute("throw new IllegalStateException(\"stop\");"), sent);

    // then
    assertEquals(
        List.of("iopub execute_input", "iopub error", "abort waiting", "reply execute_reply"),
        sent.events());
    JsonObject reply = sent.content("reply execute_reply");
    JsonObject shown = sent.content("iopub error");
    assertEquals("error", reply.get("status").getAsString());
    assertEquals(shown.get("ename"), reply.get("ename"));
    assertEquals("stop", reply.get("evalue").getAsString());
    assertEquals(shown.get("traceback"), reply.get("traceback"));
  }

  @Test
  void aFailedCellWithoutStopOnErrorLeavesTheWaitingCellsAlone() {
    Message request = execute("throw new IllegalStateException(\"go on\");");
    request.content().addProperty("stop_on_error", false);

    handlers.handle(request, sent);

    assertEquals(
        List.of("iopub execute_input", "iopub error", "reply execute_reply"), sent.events());
  }

  @Test
  void aSilentCellPublishesNothingAndDoesNotCount() {
    int before = kernel.executionCount();
    Message request = execute("System.out.println(\"unseen\");\n1 + 1");
    request.content().addProperty("silent", true);

    handlers.handle(request, sent);

    assertEquals(List.of("reply execute_reply"), sent.events());
    assertEquals("ok", sent.content("reply execute_reply").get("status").getAsString());
    assertEquals(before, kernel.executionCount());
  }

  @Test
  void completionCursorsAreCodePointsAlsoAfterAnEmoji() {
    // given a cursor at the end: 9 code points, 11 chars (each emoji is two chars)
    String code = "\"😀😀\".leng";
    JsonObject content = new JsonObject();
    content.addProperty("code", code);
    content.addProperty("cursor_pos", 9);

    handlers.handle(request("complete_request", content), sent);

    JsonObject reply = sent.content("reply complete_reply");
    assertTrue(
        reply.getAsJsonArray("matches").asList().stream()
            .anyMatch(match -> match.getAsString().startsWith("length")),
        reply.toString());
    assertEquals(5, reply.get("cursor_start").getAsInt(), reply.toString()); // where "leng" starts
    assertEquals(9, reply.get("cursor_end").getAsInt(), reply.toString());
  }

  @Test
  void isCompleteGivesAnIndentForIncompleteCodeOnly() {
    JsonObject open = new JsonObject();
    open.addProperty("code", "for (int i = 0; i < 3; i++) {");
    JsonObject done = new JsonObject();
    done.addProperty("code", "1 + 1");

    handlers.handle(request("is_complete_request", open), sent);
    handlers.handle(request("is_complete_request", done), sent);

    List<JsonObject> replies = sent.contents("reply is_complete_reply");
    assertEquals("incomplete", replies.get(0).get("status").getAsString());
    assertTrue(replies.get(0).has("indent"), replies.get(0).toString());
    assertEquals("complete", replies.get(1).get("status").getAsString());
    assertFalse(replies.get(1).has("indent"), replies.get(1).toString());
  }

  @Test
  void shutdownRepliesThenBroadcastsTheReplyThenStopsTheChannels() {
    JsonObject content = new JsonObject();
    content.addProperty("restart", true);

    handlers.handle(request("shutdown_request", content), sent);

    assertEquals(
        List.of("reply shutdown_reply", "iopub shutdown_reply", "shutdown"), sent.events());
    JsonObject reply = sent.content("reply shutdown_reply");
    assertEquals("ok", reply.get("status").getAsString());
    assertTrue(reply.get("restart").getAsBoolean());
    assertEquals(reply, sent.content("iopub shutdown_reply"));
  }

  @Test
  void withoutJShellKernelInfoIsAnsweredAndOtherRequestsGetAnErrorReplyOfTheirType() {
    // given JShell that did not start
    handlers = handlersOf(CompletableFuture.failedFuture(new IllegalStateException("no JShell")));

    // then kernel_info is answered all the same
    handlers.handle(request("kernel_info_request", new JsonObject()), sent);
    assertEquals("ok", sent.content("reply kernel_info_reply").get("status").getAsString());

    // and a request that needs JShell gets an error reply saying why, as the channels send it
    Message complete = request("complete_request", new JsonObject());
    RuntimeException failure =
        assertThrows(RuntimeException.class, () -> handlers.handle(complete, sent));
    handlers.replyFailure(complete, failure, sent);
    JsonObject reply = sent.content("reply complete_reply");
    assertEquals("error", reply.get("status").getAsString());
    assertEquals(IllegalStateException.class.getName(), reply.get("ename").getAsString());
    assertEquals("no JShell", reply.get("evalue").getAsString());

    // while a message that is no request gets no reply
    handlers.replyFailure(request("comm_msg", new JsonObject()), failure, sent);
    assertEquals(List.of("reply kernel_info_reply", "reply complete_reply"), sent.events());
  }

  @Test
  void aDebugRequestToAKernelWithoutTheDebuggerGetsAnErrorReplySayingSo() {
    // given kernel_info says there is no debugger
    handlers.handle(request("kernel_info_request", new JsonObject()), sent);
    assertFalse(sent.content("reply kernel_info_reply").get("debugger").getAsBoolean());

    // when a client asks all the same
    JsonObject dap = new JsonObject();
    dap.addProperty("seq", 7);
    dap.addProperty("type", "request");
    dap.addProperty("command", "debugInfo");
    handlers.handle(request("debug_request", dap), sent);

    // then it gets a failed DAP response to its request, not silence
    JsonObject reply = sent.content("reply debug_reply");
    assertEquals("response", reply.get("type").getAsString());
    assertEquals(7, reply.get("request_seq").getAsInt());
    assertEquals("debugInfo", reply.get("command").getAsString());
    assertFalse(reply.get("success").getAsBoolean());
    assertTrue(reply.get("message").getAsString().contains("without the debugger"));
  }

  private RequestHandlers handlersOf(CompletableFuture<JShellKernel> hook) {
    return new RequestHandlers(hook, sent, request -> InputSource.NONE, sent::shutdown);
  }
}
