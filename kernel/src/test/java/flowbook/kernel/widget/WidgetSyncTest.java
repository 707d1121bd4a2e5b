package flowbook.kernel.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import flowbook.asyncgen.GeneratorIterable;
import flowbook.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The widget protocol as a front end sees it, without Jupyter: what the kernel sends on the comms
 * (open, update, echo, state), and what a front end's messages do to a widget.
 */
@Timeout(30)
class WidgetSyncTest {
  private final RecordingChannel frontEnd = new RecordingChannel();
  private final ManualSync sync = new ManualSync();
  private AutoCloseable connection;
  private Widgets.Sync previousSync;

  @BeforeEach
  void connect() {
    connection = Widgets.connect(frontEnd);
    previousSync = Widgets.useSync(sync);
  }

  @AfterEach
  void disconnect() throws Exception {
    Widgets.useSync(previousSync);
    connection.close();
  }

  @Test
  void shownWidgetOpensItsLayoutAndStyleFirstThenItselfWithItsWholeStateAndProtocolVersion() {
    IntSlider slider = new IntSlider().min(2).max(10).description("rate");

    DisplayData data = Renderer.render(slider);

    List<RecordingChannel.Sent> opens = frontEnd.matching(s -> s.kind().equals("open"));
    assertEquals(
        List.of(slider.layout().modelId(), slider.style().modelId(), slider.modelId()),
        opens.stream().map(RecordingChannel.Sent::commId).toList());
    RecordingChannel.Sent open = opens.get(2);
    assertEquals("jupyter.widget", open.data().get("target_name").getAsString());
    assertEquals("2.1.0", open.metadata().get("version").getAsString());
    JsonObject state = open.state();
    assertEquals("IntSliderModel", state.get("_model_name").getAsString());
    assertEquals("@jupyter-widgets/controls", state.get("_model_module").getAsString());
    assertEquals(10, state.get("max").getAsInt());
    assertEquals("rate", state.get("description").getAsString());
    assertEquals("IPY_MODEL_" + slider.layout().modelId(), state.get("layout").getAsString());
    assertEquals(0, open.data().getAsJsonArray("buffer_paths").size());
    assertEquals(
        Map.of("model_id", slider.modelId(), "version_major", 2, "version_minor", 1),
        data.getData(MIMEType.parse(Widget.VIEW_MIME_TYPE)));
    assertEquals("IntSlider(description='rate', max=10, min=2)", data.getData(MIMEType.TEXT_PLAIN));
  }

  @Test
  void aBoxOpensItsChildrenBeforeItselfAndANewChildBeforeTheUpdateNamingIt() {
    Button stop = new Button("Stop");
    HBox box = new HBox(stop);
    box.open();
    Label label = new Label("later");
    frontEnd.clear();

    box.children(stop, label);
    sync.runNext();

    List<String> order = frontEnd.all().stream().map(s -> s.kind() + " " + s.commId()).toList();
    assertEquals(
        List.of(
            "open " + label.layout().modelId(),
            "open " + label.style().modelId(),
            "open " + label.modelId(),
            "msg " + box.modelId()),
        order);
  }

  @Test
  void aMillionKernelSideUpdatesAreCoalescedIntoFewMessagesEndingWithTheFinalValue() {
    // given a shown bar
    IntProgress bar = new IntProgress().max(1_000_000);
    bar.open();
    frontEnd.clear();

    // when a loop sets it a million times before the timer runs
    for (int i = 1; i <= 1_000_000; i++) {
      bar.value(i);
    }

    // then one flush waits, and it sends the final value once
    assertEquals(1, sync.pending().size());
    sync.runNext();
    List<RecordingChannel.Sent> updates = frontEnd.of(bar);
    assertEquals(1, updates.size());
    assertEquals("update", updates.getFirst().method());
    assertEquals(1_000_000, updates.getFirst().state().get("value").getAsInt());

    // and the next change waits for the interval after that message
    long sentAt = sync.nanoTime();
    bar.value(7);
    assertEquals(sentAt + Widgets.UPDATE_INTERVAL_NANOS, sync.pending().getFirst().dueNanos());
    assertEquals(1, frontEnd.of(bar).size());
  }

  @Test
  void flushSendsWhatIsPendingAtOnceAndTheTimerThenSendsNothingMore() {
    IntProgress bar = new IntProgress();
    bar.open();
    frontEnd.clear();
    bar.value(42);

    Widgets.flush();
    sync.runNext();

    List<RecordingChannel.Sent> updates = frontEnd.of(bar);
    assertEquals(1, updates.size());
    assertEquals(42, updates.getFirst().state().get("value").getAsInt());
  }

  @Test
  void aFrontEndUpdateIsEchoedFirstThenAppliedAndHeardByListenersAndStreams() throws Exception {
    // given a shown slider with a listener and a stream of its values
    IntSlider slider = new IntSlider();
    slider.open();
    List<Integer> heard = new CopyOnWriteArrayList<>();
    CountDownLatch listened = new CountDownLatch(1);
    slider.onChange(
        value -> {
          heard.add(value);
          listened.countDown();
        });
    try (GeneratorIterable<Integer> iterable = slider.changes().iterate()) {
      var values = iterable.iterator();
      assertEquals(0, values.next());
      frontEnd.clear();

      // when the front end moves it
      Widgets.received(slider.modelId(), update("{\"value\": 7}"));

      // then the kernel echoes the front end's state, and the value is 7 everywhere
      List<RecordingChannel.Sent> sent = frontEnd.of(slider);
      assertEquals(1, sent.size());
      assertEquals("echo_update", sent.getFirst().method());
      assertEquals(7, sent.getFirst().state().get("value").getAsInt());
      assertEquals(7, slider.value());
      assertEquals(7, values.next());
      listened.await();
      assertEquals(List.of(7), heard);
      assertTrue(sync.pending().isEmpty(), "nothing to send back: the front end has it");
    }
  }

  @Test
  void aStreamOfValuesSkipsToTheLatestWhenTheConsumerIsSlow() {
    IntSlider slider = new IntSlider();
    try (GeneratorIterable<Integer> iterable = slider.changes().iterate()) {
      var values = iterable.iterator();
      assertEquals(0, values.next());

      slider.value(1).value(2).value(3);

      assertEquals(3, values.next());
    }
  }

  @Test
  void requestStateGetsTheWholeStateAsAnUpdate() {
    Checkbox box = new Checkbox().value(true);
    box.open();
    frontEnd.clear();

    Widgets.received(
        box.modelId(), JsonParser.parseString("{\"method\": \"request_state\"}").getAsJsonObject());

    RecordingChannel.Sent sent = frontEnd.of(box).getFirst();
    assertEquals("update", sent.method());
    assertTrue(sent.state().get("value").getAsBoolean());
    assertEquals("CheckboxModel", sent.state().get("_model_name").getAsString());
  }

  @Test
  void theControlCommAnswersRequestStatesWithEveryOpenWidget() {
    Text text = new Text().value("hi");
    text.open();
    assertTrue(Widgets.opened("control-1", Widgets.CONTROL_TARGET, new JsonObject()));
    frontEnd.clear();

    Widgets.received(
        "control-1", JsonParser.parseString("{\"method\": \"request_states\"}").getAsJsonObject());

    RecordingChannel.Sent sent = frontEnd.matching(s -> s.commId().equals("control-1")).getFirst();
    assertEquals("update_states", sent.method());
    JsonObject entry = sent.data().getAsJsonObject("states").getAsJsonObject(text.modelId());
    assertEquals("TextModel", entry.get("model_name").getAsString());
    assertEquals("@jupyter-widgets/controls", entry.get("model_module").getAsString());
    assertEquals("2.0.0", entry.get("model_module_version").getAsString());
    assertEquals("hi", entry.getAsJsonObject("state").get("value").getAsString());
    assertTrue(sent.data().getAsJsonObject("states").has(text.layout().modelId()));
    assertTrue(sent.data().getAsJsonObject("buffer_paths").has(text.modelId()));
    // after a reload the front end opens the model's comm again: it is kept
    assertTrue(Widgets.opened(text.modelId(), Widgets.TARGET, new JsonObject()));
    assertFalse(Widgets.opened("no-such-model", Widgets.TARGET, new JsonObject()));
  }

  @Test
  void aClickIsCountedStreamedAndRunsTheActionEvenAfterAFailingOne() throws Exception {
    Button stop = new Button("Stop");
    stop.open();
    CountDownLatch acted = new CountDownLatch(2);
    stop.onClick(
        () -> {
          acted.countDown();
          if (acted.getCount() == 1) {
            throw new IllegalStateException("first click fails");
          }
        });
    JsonObject click =
        JsonParser.parseString("{\"method\": \"custom\", \"content\": {\"event\": \"click\"}}")
            .getAsJsonObject();
    Widgets.received(stop.modelId(), click);
    Widgets.received(stop.modelId(), click);

    assertTrue(stop.clicked());
    assertEquals(2, stop.clickCount());
    assertEquals(2, stop.clicks().first(), "a stream of clicks starts with those made already");
    acted.await();
    stop.reset();
    assertFalse(stop.clicked());
  }

  @Test
  void aDropdownsValueIsTheChosenOptionAndTheFrontEndSendsItsIndex() {
    Dropdown<String> wave = new Dropdown<>("sine", "square", "saw");
    wave.open();
    assertEquals("sine", wave.value());
    assertEquals(List.of("sine", "square", "saw"), wave.get("_options_labels"));

    Widgets.received(wave.modelId(), update("{\"index\": 2}"));
    assertEquals("saw", wave.value());

    wave.value("square");
    assertEquals(1, wave.get("index"));
    assertThrows(IllegalArgumentException.class, () -> wave.value("noise"));
  }

  @Test
  void aBadValueFromTheFrontEndIsIgnoredAndABadKeyFromCodeSaysWhichKeysExist() {
    IntSlider slider = new IntSlider().value(3);
    slider.open();

    Widgets.received(slider.modelId(), update("{\"value\": \"three\"}"));
    assertEquals(3, slider.value());

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> new IntProgress().disabled(true));
    assertTrue(
        error.getMessage().contains("IntProgressModel has no state key disabled"),
        error.getMessage());
  }

  @Test
  void withoutAFrontEndAWidgetShowsAsTextAndStillHoldsItsValue() throws Exception {
    connection.close();
    IntSlider slider = new IntSlider().value(5);

    DisplayData data = Renderer.render(slider);

    assertNull(data.getData(MIMEType.parse(Widget.VIEW_MIME_TYPE)));
    assertEquals("IntSlider(value=5)", data.getData(MIMEType.TEXT_PLAIN));
    assertEquals(5, slider.value());
  }

  @Test
  void closingSendsCommCloseAndTheWidgetIsNoLongerInTheStates() {
    Label label = new Label("bye");
    label.open();

    label.close();

    assertEquals("close", frontEnd.of(label).getLast().kind());
    assertTrue(Widgets.opened("control-2", Widgets.CONTROL_TARGET, new JsonObject()));
    Widgets.received(
        "control-2", JsonParser.parseString("{\"method\": \"request_states\"}").getAsJsonObject());
    JsonObject states =
        frontEnd
            .matching(s -> s.commId().equals("control-2"))
            .getFirst()
            .data()
            .getAsJsonObject("states");
    assertFalse(states.has(label.modelId()));
  }

  private static JsonObject update(String state) {
    JsonObject data = new JsonObject();
    data.addProperty("method", "update");
    data.add("state", JsonParser.parseString(state));
    data.add("buffer_paths", new com.google.gson.JsonArray());
    return data;
  }
}
