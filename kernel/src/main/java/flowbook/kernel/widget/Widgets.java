package flowbook.kernel.widget;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import flowbook.kernel.cell.KernelThreads;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The widget manager of the kernel, as the protocol layer sees it: which comm targets widgets
 * answer, what to do with the comm messages a front end sends them, and where widgets send theirs.
 * Users never call it; they make widgets with {@code new} ({@link IntSlider}, {@link Button}, ...).
 *
 * <ul>
 *   <li>Targets: {@value #TARGET} (one comm per widget model, opened by the kernel with the model's
 *       whole state and metadata {@code version} {@value #PROTOCOL_VERSION}) and {@value
 *       #CONTROL_TARGET} (a front end opens it after a page reload and sends {@code
 *       request_states}; the answer {@code update_states} carries every open widget's state).
 *   <li>{@link #received}, {@link #opened} and {@link #closed} return at once and run no user code:
 *       callbacks run on each widget's own callback thread.
 *   <li>Without a {@link #connect connected} channel (a {@code JShellKernel} without Jupyter),
 *       widgets work but open no comm and show as text.
 * </ul>
 */
public final class Widgets {
  private static final Logger LOG = Logger.getLogger(Widgets.class.getName());

  /** The comm target of widget models. */
  public static final String TARGET = "jupyter.widget";

  /** The comm target a front end opens to ask for every widget's state. */
  public static final String CONTROL_TARGET = "jupyter.widget.control";

  /** The widget protocol spoken, ipywidgets 8's. */
  public static final String PROTOCOL_VERSION = "2.1.0";

  /** How often at most one widget sends kernel-side changes: 25 updates a second. */
  static final long UPDATE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

  private static volatile CommChannel channel;
  private static final Map<String, Widget> OPEN = new ConcurrentHashMap<>();
  private static final Set<String> CONTROL_COMMS = ConcurrentHashMap.newKeySet();
  private static volatile Sync sync = new TimerSync();

  private Widgets() {}

  /**
   * Sends widgets' comm messages through {@code commChannel} from now on.
   *
   * @return closing it disconnects {@code commChannel} again (if it is still the connected one) and
   *     forgets the widgets opened on it
   */
  public static AutoCloseable connect(CommChannel commChannel) {
    channel = commChannel;
    return () -> {
      if (channel == commChannel) {
        channel = null;
        OPEN.clear();
        CONTROL_COMMS.clear();
      }
    };
  }

  /** The comm targets widgets answer: {@value #TARGET} and {@value #CONTROL_TARGET}. */
  public static Set<String> targets() {
    return Set.of(TARGET, CONTROL_TARGET);
  }

  /**
   * A front end opened comm {@code commId} on {@code targetName}.
   *
   * @return whether the comm is kept: false for a widget model this kernel does not know (a front
   *     end creating widgets of its own is not supported); the caller then closes it
   */
  public static boolean opened(String commId, String targetName, JsonObject data) {
    if (CONTROL_TARGET.equals(targetName)) {
      CONTROL_COMMS.add(commId);
      return true;
    }
    // After a reload the front end opens a comm for each model it got from update_states: the
    // model is the widget's, its comm the same id.
    if (TARGET.equals(targetName) && OPEN.containsKey(commId)) {
      return true;
    }
    LOG.info("a front end opened " + targetName + " comm " + commId + ", which no widget has");
    return false;
  }

  /** A front end sent {@code data} on comm {@code commId}. */
  public static void received(String commId, JsonObject data) {
    String method = data.has("method") ? data.get("method").getAsString() : "";
    if (CONTROL_COMMS.contains(commId)) {
      if ("request_states".equals(method)) {
        sendStates(commId);
      } else {
        LOG.warning("unknown method on the widget control comm: " + method);
      }
      return;
    }
    Widget widget = OPEN.get(commId);
    if (widget == null) {
      LOG.fine("a message for comm " + commId + ", which no open widget has");
      return;
    }
    switch (method) {
      case "update" ->
          widget.receiveUpdate(
              data.has("state") ? data.getAsJsonObject("state") : new JsonObject());
      case "request_state" -> widget.sendState();
      case "custom" ->
          widget.receiveCustom(
              data.has("content") ? data.getAsJsonObject("content") : new JsonObject());
      default -> LOG.warning("unknown widget message method " + method + " for " + widget);
    }
  }

  /** A front end closed comm {@code commId}: a control comm, or a widget that is gone. */
  public static void closed(String commId) {
    CONTROL_COMMS.remove(commId);
    Widget widget = OPEN.remove(commId);
    if (widget != null) {
      widget.closedByFrontEnd();
    }
  }

  /** Sends every open widget's pending changes now: called before a cell's reply goes out. */
  public static void flush() {
    OPEN.values().forEach(Widget::flush);
  }

  static CommChannel channel() {
    return channel;
  }

  static void register(Widget widget) {
    OPEN.put(widget.modelId(), widget);
  }

  static void unregister(Widget widget) {
    OPEN.remove(widget.modelId());
  }

  private static void sendStates(String controlCommId) {
    CommChannel connected = channel;
    if (connected == null) {
      return;
    }
    JsonObject states = new JsonObject();
    JsonObject bufferPaths = new JsonObject();
    for (Widget widget : OPEN.values()) {
      JsonObject entry = new JsonObject();
      entry.addProperty("model_name", widget.model().name());
      entry.addProperty("model_module", widget.model().module());
      entry.addProperty("model_module_version", widget.model().version());
      entry.add("state", widget.fullState());
      states.add(widget.modelId(), entry);
      bufferPaths.add(widget.modelId(), new JsonArray());
    }
    JsonObject reply = new JsonObject();
    reply.addProperty("method", "update_states");
    reply.add("states", states);
    reply.add("buffer_paths", bufferPaths);
    connected.send(controlCommId, reply);
  }

  /** Time and a timer for coalescing kernel-side updates; replaced in tests. */
  interface Sync {
    long nanoTime();

    void schedule(Runnable task, long delayNanos);
  }

  static Sync sync() {
    return sync;
  }

  /** Replaces the timer (tests); returns the previous one. */
  static Sync useSync(Sync replacement) {
    Sync previous = sync;
    sync = replacement;
    return previous;
  }

  /* One kernel thread for every widget's delayed updates, made on first use. */
  private static final class TimerSync implements Sync {
    private volatile ScheduledExecutorService timer;

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
      timer().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    private ScheduledExecutorService timer() {
      ScheduledExecutorService existing = timer;
      if (existing != null) {
        return existing;
      }
      synchronized (this) {
        if (timer == null) {
          timer = KernelThreads.timer("flowbook-widget-sync");
        }
        return timer;
      }
    }
  }
}
