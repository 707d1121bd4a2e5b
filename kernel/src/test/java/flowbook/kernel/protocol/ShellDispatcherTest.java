package flowbook.kernel.protocol;

import static flowbook.kernel.protocol.TestMessages.execute;
import static flowbook.kernel.protocol.TestMessages.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import flowbook.kernel.KernelTestSupport;
import flowbook.kernel.cell.InputSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shell's two lanes without ZeroMQ: comm messages handled while a cell runs, in order, with the
 * status rule, and safe from callbacks that hang or throw and from interrupts.
 */
@Timeout(60)
class ShellDispatcherTest extends KernelTestSupport {
  private RecordingChannels sent;
  private RequestHandlers handlers;
  private ShellDispatcher dispatcher;
  private AutoCloseable widgets;
  private final List<Thread> lanes = new ArrayList<>();

  @BeforeEach
  void startLanes() {
    sent = new RecordingChannels();
    handlers =
        new RequestHandlers(
            CompletableFuture.completedFuture(kernel), sent, request -> InputSource.NONE, () -> {});
    widgets = handlers.connectWidgets();
    dispatcher = new ShellDispatcher(handlers, sent, sent, () -> {}, request -> {});
    dispatcher.start(
        (name, body) -> {
          Thread lane = Thread.ofPlatform().name(name).start(body);
          lanes.add(lane);
          return lane;
        });
  }

  @AfterEach
  void stopLanes() throws Exception {
    dispatcher.close();
    handlers.interrupt(); // a cell a failed test left running
    for (Thread lane : lanes) {
      lane.join();
    }
    widgets.close();
  }

  @Test
  void commMessagesAreHandledWhileACellRunsAndTheStatusShowsBusyAgainForTheCell() throws Exception {
    // given a cell that waits for a click
    Message cell =
        execute("var stop = new Button(\"Stop\");\ndisplay(stop);\nstop.clicks().first();");
    dispatcher.accept(cell);
    String stopId = sent.awaitModel("ButtonModel");

    // when the front end asks for the open comms, then clicks, while it runs
    JsonObject infoContent = new JsonObject();
    infoContent.addProperty("target_name", "jupyter.widget");
    Message info = request("comm_info_request", infoContent);
    dispatcher.accept(info);
    sent.await("info reply", s -> s.event().equals("reply comm_info_reply"));
    Message click =
        commMsg(stopId, "{\"method\": \"custom\", \"content\": {\"event\": \"click\"}}");
    dispatcher.accept(click);

    // then the click ends the cell
    RecordingChannels.Sent reply =
        sent.await("cell reply", s -> s.event().equals("reply execute_reply"));
    assertEquals("ok", reply.content().get("status").getAsString());
    sent.await("cell idle", s -> s.isStatus("idle", cell));

    // and the comm_info reply listed the button, with its target
    JsonObject comms = sent.first("reply comm_info_reply").content().getAsJsonObject("comms");
    assertEquals("jupyter.widget", comms.getAsJsonObject(stopId).get("target_name").getAsString());

    // and the status went busy (cell), busy/idle (info), busy again (cell), busy/idle (click)...
    List<String> statuses = sent.statuses(cell, info, click);
    assertEquals(
        List.of("busy cell", "busy info", "idle info", "busy cell", "busy click", "idle click"),
        statuses.subList(0, 6));
    // ... and ended idle for the cell, never busy for it after that
    assertEquals("idle cell", statuses.getLast(), statuses.toString());
  }

  @Test
  void aCallbackThatHangsStopsNeitherLaterCommMessagesNorCells() throws Exception {
    // given a button whose action hangs until the test releases it, and a slider
    run(
        "var release = new CompletableFuture<Void>();\n"
            + "var hang = new Button(\"hang\").onClick(() -> release.join());\n"
            + "var rate = new IntSlider();\n"
            + "display(new HBox(hang, rate));");
    String hangId = sent.modelId("ButtonModel");
    String rateId = sent.modelId("IntSliderModel");
    try {
      // when the button is clicked (its action hangs), then the slider moved
      dispatcher.accept(
          commMsg(hangId, "{\"method\": \"custom\", \"content\": {\"event\": \"click\"}}"));
      Message move =
          commMsg(
              rateId, "{\"method\": \"update\", \"state\": {\"value\": 7}, \"buffer_paths\": []}");
      dispatcher.accept(move);

      // then the move is echoed, as a child of the front end's message
      RecordingChannels.Sent echo =
          sent.await("echo", s -> s.event().equals("iopub comm_msg") && s.parent() == move);
      assertEquals(
          "echo_update", echo.content().getAsJsonObject("data").get("method").getAsString());
      // and a cell still runs and sees the new value
      assertEquals(
          "7",
          run("rate.value()").content().getAsJsonObject("data").get("text/plain").getAsString());
    } finally {
      run("release.complete(null);");
    }
  }

  @Test
  void aCallbackThatThrowsShowsItsErrorOnStderrAndTheNextMessageIsHandled() throws Exception {
    run(
        "var boom = new Button(\"boom\").onClick(() -> { throw new IllegalStateException(\"boom in a callback\"); });\n"
            + "var level = new IntSlider();\n"
            + "display(new VBox(boom, level));");
    String boomId = sent.modelId("ButtonModel");
    String levelId = sent.modelId("IntSliderModel");

    dispatcher.accept(
        commMsg(boomId, "{\"method\": \"custom\", \"content\": {\"event\": \"click\"}}"));
    Message move =
        commMsg(
            levelId, "{\"method\": \"update\", \"state\": {\"value\": 3}, \"buffer_paths\": []}");
    dispatcher.accept(move);

    sent.await(
        "the error on stderr",
        s ->
            s.event().equals("iopub stream")
                && s.content().get("name").getAsString().equals("stderr")
                && s.content().get("text").getAsString().contains("boom in a callback"));
    sent.await("echo", s -> s.event().equals("iopub comm_msg") && s.parent() == move);
  }

  @Test
  void anInterruptEndsTheCellAndCommMessagesAreStillHandled() throws Exception {
    Message cell =
        execute("var gauge = new IntSlider();\ndisplay(gauge);\nwhile (true) Thread.sleep(5);");
    dispatcher.accept(cell);
    String gaugeId = sent.awaitModel("IntSliderModel");

    handlers.interrupt();
    RecordingChannels.Sent reply =
        sent.await("interrupted reply", s -> s.event().equals("reply execute_reply"));
    assertEquals("error", reply.content().get("status").getAsString());

    Message move =
        commMsg(
            gaugeId, "{\"method\": \"update\", \"state\": {\"value\": 4}, \"buffer_paths\": []}");
    dispatcher.accept(move);
    sent.await("echo", s -> s.event().equals("iopub comm_msg") && s.parent() == move);
    assertEquals(
        "4",
        run("gauge.value()").content().getAsJsonObject("data").get("text/plain").getAsString());
  }

  @Test
  void kernelInfoIsAnsweredWhileACellRuns() throws Exception {
    Message cell =
        execute("var gate = new Button(\"gate\");\ndisplay(gate);\ngate.clicks().first();");
    dispatcher.accept(cell);
    String gateId = sent.awaitModel("ButtonModel");

    dispatcher.accept(request("kernel_info_request", new JsonObject()));
    sent.await("kernel info", s -> s.event().equals("reply kernel_info_reply"));

    dispatcher.accept(
        commMsg(gateId, "{\"method\": \"custom\", \"content\": {\"event\": \"click\"}}"));
    sent.await("cell reply", s -> s.event().equals("reply execute_reply") && s.parent() == cell);
  }

  /** Runs {@code code} as a cell and returns its execute_result (or its reply when it has none). */
  private RecordingChannels.Sent run(String code) throws InterruptedException {
    Message cell = execute(code);
    dispatcher.accept(cell);
    RecordingChannels.Sent reply =
        sent.await(
            "reply to " + code, s -> s.event().equals("reply execute_reply") && s.parent() == cell);
    assertEquals("ok", reply.content().get("status").getAsString(), reply.content().toString());
    return sent.all().stream()
        .filter(s -> s.event().equals("iopub execute_result") && s.parent() == cell)
        .findFirst()
        .orElse(reply);
  }

  private static Message commMsg(String commId, String data) {
    JsonObject content = new JsonObject();
    content.addProperty("comm_id", commId);
    content.add("data", JsonParser.parseString(data));
    return request("comm_msg", content);
  }
}
