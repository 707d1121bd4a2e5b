package flowbook.kernel.widget;

/**
 * A line of text, set by the kernel: {@code new Label().value("ready")}. ipywidgets' {@code Label}.
 */
public final class Label extends ValueWidget<String, Label> {
  static final Model MODEL =
      Model.controls("Label")
          .described()
          .string("placeholder", "\u200b")
          .string("value", "")
          .build();

  /** An empty label. */
  public Label() {
    super(MODEL, Style.LABEL);
  }

  /** A label showing {@code text}. */
  public Label(String text) {
    this();
    value(text);
  }
}
