package flowbook.kernel.widget;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A one-line text field: {@code new Text().placeholder("name")}. ipywidgets' {@code Text}; empty at
 * first. {@link #onSubmit} hears Enter.
 */
public final class Text extends ValueWidget<String, Text> {
  static final Model MODEL =
      Model.controls("Text")
          .described()
          .bool("continuous_update", true)
          .bool("disabled", false)
          .string("placeholder", "\u200b")
          .string("value", "")
          .build();

  private final List<Consumer<? super String>> submitted = new CopyOnWriteArrayList<>();

  /** An empty field. */
  public Text() {
    super(MODEL, Style.TEXT);
  }

  /** Grey text shown while the field is empty. */
  public Text placeholder(String placeholder) {
    set("placeholder", placeholder);
    return this;
  }

  /** Whether each keystroke is sent (true) or only on Enter or leaving the field. */
  public Text continuousUpdate(boolean continuousUpdate) {
    set("continuous_update", continuousUpdate);
    return this;
  }

  /**
   * Calls {@code listener} with the text when the user presses Enter, on the widget's callback
   * thread.
   *
   * @throws NullPointerException if listener is null
   */
  public Text onSubmit(Consumer<? super String> listener) {
    submitted.add(Objects.requireNonNull(listener, "onSubmit(null): pass a listener"));
    return this;
  }

  @Override
  void receiveCustom(com.google.gson.JsonObject content) {
    if (content.has("event") && "submit".equals(content.get("event").getAsString())) {
      callbacks.submit(
          () -> {
            String text = value();
            submitted.forEach(listener -> callbacks.runGuarded(() -> listener.accept(text)));
          });
    }
  }
}
