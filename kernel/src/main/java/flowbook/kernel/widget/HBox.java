package flowbook.kernel.widget;

/** Widgets side by side: {@code new HBox(slider, stop)}. ipywidgets' {@code HBox}. */
public final class HBox extends Box<HBox> {
  static final Model MODEL = Box.model("HBox");

  /** A row of {@code children}. */
  public HBox(Widget... children) {
    super(MODEL, children);
  }
}
