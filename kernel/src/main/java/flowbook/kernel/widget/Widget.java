package flowbook.kernel.widget;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * A Jupyter widget: a model whose state lives in the kernel and in every front end showing it, kept
 * in step over a comm of the widget protocol 2.1.0 (ipywidgets 8). This base class owns the comm
 * and the sync; each widget class only declares its state keys ({@code Model}) and names its
 * setters after them.
 *
 * <ul>
 *   <li>Shown by {@code display(widget)} or as a cell's value: the front end draws it (MIME type
 *       {@code application/vnd.jupyter.widget-view+json}); consoles print its {@link #toString()}.
 *       Its comm is opened when it is first shown or referenced by a shown widget (a box's child, a
 *       layout), after the models it references.
 *   <li>State changes made in the kernel go out as {@code update} messages, coalesced: at most one
 *       every 40 ms per widget, always ending with the latest state, and before the reply of the
 *       cell that made them.
 *   <li>Changes from a front end are echoed ({@code echo_update}, so other views of the model
 *       agree) and applied at once, also while a cell runs; listeners then run on the widget's
 *       callback thread, never on the kernel's.
 *   <li>Every method may be called from any thread.
 * </ul>
 */
/* Locking: the state, the dirty keys and `open` are guarded by this widget's monitor, and each
 * message about the widget is sent while holding it, so messages leave in the order of the state
 * changes they carry. A widget locks the widgets it references (to open them) only outside its own
 * monitor, and listeners are called outside it. */
public abstract class Widget implements DisplayDataRenderable {
  private static final Logger LOG = Logger.getLogger(Widget.class.getName());
  static final String REFERENCE_PREFIX = "IPY_MODEL_";
  static final String VIEW_MIME_TYPE = "application/vnd.jupyter.widget-view+json";

  private final Model model;
  private final String modelId = UUID.randomUUID().toString().replace("-", "");
  private final Map<String, Object> state = new LinkedHashMap<>(); // guarded by this
  private final Set<String> dirty = new LinkedHashSet<>(); // keys not yet sent; guarded by this
  private CommChannel channel; // set when opened; guarded by this
  private boolean open; // guarded by this
  private boolean closed; // guarded by this
  private boolean flushScheduled; // guarded by this
  private long lastFlushNanos; // guarded by this
  private boolean flushedOnce; // guarded by this
  final CallbackThread callbacks = new CallbackThread(this);

  Widget(Model model) {
    this.model = model;
    model.keys().values().forEach(key -> state.put(key.name(), key.defaultValue()));
  }

  /** The id of this widget's model, which is also its comm's id. */
  public final String modelId() {
    return modelId;
  }

  /**
   * Closes the widget: its comm closes and the front end removes its views. Setting state on a
   * closed widget still changes it here, but nothing is sent. Closing twice does nothing.
   */
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (open) {
        channel.close(modelId);
      }
      open = false;
    }
    Widgets.unregister(this);
  }

  /**
   * Like ipywidgets' repr: the class name with the state that differs from the defaults, e.g.
   * {@code IntSlider(value=3, max=10, description='rate')}; the text consoles show.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(getClass().getSimpleName()).append('(');
    String separator = "";
    synchronized (this) {
      for (Model.Key key : model.keys().values()) {
        Object value = state.get(key.name());
        if (key.name().startsWith("_")
            || key.type() == Model.Type.REFERENCE
            || Objects.equals(value, key.defaultValue())) {
          continue;
        }
        text.append(separator).append(key.name()).append('=').append(repr(value));
        separator = ", ";
      }
    }
    return text.append(')').toString();
  }

  /** Opens the comm if needed and renders the widget's view and its text. */
  @Override
  public void render(RenderContext context) {
    boolean shown = open();
    var data = context.getOutputContainer();
    data.putText(toString());
    if (shown) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("model_id", modelId);
      view.put("version_major", 2);
      view.put("version_minor", 1);
      data.putData(VIEW_MIME_TYPE, view);
    }
  }

  /** The value of state key {@code key}. */
  final synchronized Object get(String key) {
    model.key(key);
    return state.get(key);
  }

  /**
   * Sets state key {@code key} to {@code value} and sends it (coalesced) if the widget is shown;
   * listeners of the key hear of it when the value changed.
   *
   * @throws IllegalArgumentException if the model has no such key or the value is not of its type
   */
  final void set(String key, Object value) {
    Model.Key declared = model.key(key);
    Object checked = checked(declared, value);
    boolean shown;
    synchronized (this) {
      Object previous = state.put(key, checked);
      if (Objects.equals(previous, checked)) {
        return;
      }
      shown = open;
      if (shown) {
        dirty.add(key);
      }
    }
    if (shown) {
      referencedBy(checked).forEach(Widget::open); // before the update that names them
      requestFlush();
    }
    changed(key, checked);
  }

  /** Sets {@code key} while the widget is being made: no message, no listener. */
  final synchronized void initialize(String key, Object value) {
    state.put(model.key(key).name(), value);
  }

  /** Called after state key {@code key} changed, here or in a front end, outside the lock. */
  void changed(String key, Object value) {}

  /** Called on the comm lane for a {@code custom} message: a click, a submit. */
  void receiveCustom(JsonObject content) {
    LOG.fine(this + " ignores custom message " + content);
  }

  /** The model this widget declared. */
  final Model model() {
    return model;
  }

  /**
   * Opens the comm (after those of the widgets referenced) unless open or closed.
   *
   * @return whether the widget is open now: false without a connected front end or once closed
   */
  final boolean open() {
    CommChannel connected = Widgets.channel();
    List<Widget> referenced;
    synchronized (this) {
      if (open || closed || connected == null) {
        return open;
      }
      referenced = referencedBy(new ArrayList<>(state.values()));
    }
    referenced.forEach(Widget::open);
    synchronized (this) {
      if (open || closed) {
        return open;
      }
      open = true;
      channel = connected;
      dirty.clear();
      Widgets.register(this);
      JsonObject data = new JsonObject();
      data.add("state", fullStateLocked());
      data.add("buffer_paths", new JsonArray());
      JsonObject metadata = new JsonObject();
      metadata.addProperty("version", Widgets.PROTOCOL_VERSION);
      connected.open(modelId, Widgets.TARGET, data, metadata);
      return true;
    }
  }

  /** The whole state as JSON, as {@code comm_open} and {@code update_states} carry it. */
  final synchronized JsonObject fullState() {
    return fullStateLocked();
  }

  /** Sends the whole state: the answer to a front end's {@code request_state}. */
  final synchronized void sendState() {
    if (open) {
      dirty.clear();
      channel.send(modelId, update("update", fullStateLocked()));
    }
  }

  /** Applies a front end's {@code update}: echoes the keys it knows, then sets them. */
  final void receiveUpdate(JsonObject incoming) {
    Map<String, Object> applied = new LinkedHashMap<>();
    JsonObject echo = new JsonObject();
    for (Map.Entry<String, JsonElement> entry : incoming.entrySet()) {
      Model.Key key = model.keys().get(entry.getKey());
      if (key == null
          || key.type() == Model.Type.REFERENCE
          || key.type() == Model.Type.REFERENCES) {
        LOG.fine(this + " ignores a front end's " + entry.getKey());
        continue;
      }
      try {
        applied.put(key.name(), key.fromJson(entry.getValue()));
        echo.add(key.name(), entry.getValue());
      } catch (IllegalArgumentException e) {
        LOG.warning(this + ": a front end sent a bad " + e.getMessage());
      }
    }
    Map<String, Object> changes = new LinkedHashMap<>();
    synchronized (this) {
      if (open && !echo.isEmpty()) {
        channel.send(modelId, update("echo_update", echo));
      }
      applied.forEach(
          (name, value) -> {
            dirty.remove(name); // the front end's value is the newest
            if (!Objects.equals(state.put(name, value), value)) {
              changes.put(name, value);
            }
          });
    }
    changes.forEach(this::changed);
  }

  /** The front end closed the comm: the widget is closed. */
  final synchronized void closedByFrontEnd() {
    open = false;
    closed = true;
  }

  /** Sends the changes not yet sent, now. */
  final synchronized void flush() {
    if (!open || dirty.isEmpty()) {
      return;
    }
    JsonObject changes = new JsonObject();
    for (String name : dirty) {
      changes.add(name, model.key(name).toJson(state.get(name)));
    }
    dirty.clear();
    lastFlushNanos = Widgets.sync().nanoTime();
    flushedOnce = true;
    channel.send(modelId, update("update", changes));
  }

  /* At most one flush waits per widget; it goes UPDATE_INTERVAL after the previous one. */
  private void requestFlush() {
    Widgets.Sync sync = Widgets.sync();
    long delay;
    synchronized (this) {
      if (flushScheduled) {
        return;
      }
      flushScheduled = true;
      long next = lastFlushNanos + Widgets.UPDATE_INTERVAL_NANOS;
      delay = flushedOnce ? Math.max(0, next - sync.nanoTime()) : 0;
    }
    sync.schedule(
        () -> {
          synchronized (this) {
            flushScheduled = false;
          }
          flush();
        },
        delay);
  }

  private JsonObject fullStateLocked() {
    JsonObject json = new JsonObject();
    for (Model.Key key : model.keys().values()) {
      json.add(key.name(), key.toJson(state.get(key.name())));
    }
    return json;
  }

  private static JsonObject update(String method, JsonObject changes) {
    JsonObject data = new JsonObject();
    data.addProperty("method", method);
    data.add("state", changes);
    data.add("buffer_paths", new JsonArray());
    return data;
  }

  private static List<Widget> referencedBy(Object value) {
    List<Widget> widgets = new ArrayList<>();
    if (value instanceof Widget widget) {
      widgets.add(widget);
    } else if (value instanceof List<?> list) {
      list.forEach(item -> widgets.addAll(referencedBy(item)));
    }
    return widgets;
  }

  private static Object checked(Model.Key key, Object value) {
    if (value == null) {
      return null;
    }
    boolean fits =
        switch (key.type()) {
          case STRING -> value instanceof String;
          case INT -> value instanceof Integer;
          case FLOAT -> value instanceof Number;
          case BOOL -> value instanceof Boolean;
          case ARRAY -> value instanceof List<?>;
          case REFERENCE -> value instanceof Widget;
          case REFERENCES ->
              value instanceof List<?> list && list.stream().allMatch(Widget.class::isInstance);
        };
    if (!fits) {
      throw new IllegalArgumentException(
          key.name() + " must be " + key.type().schemaName() + ", not " + value);
    }
    if (key.type() == Model.Type.FLOAT) {
      return ((Number) value).doubleValue();
    }
    return value instanceof List<?> list ? List.copyOf(list) : value;
  }

  private static String repr(Object value) {
    return switch (value) {
      case String text -> "'" + text + "'";
      case Widget widget -> widget.getClass().getSimpleName();
      case null -> "None";
      default -> value.toString();
    };
  }
}
