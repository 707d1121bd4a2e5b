package flowbook.kernel.widget;

/** Widgets one above the other: {@code new VBox(label, bar)}. ipywidgets' {@code VBox}. */
public final class VBox extends Box<VBox> {
  static final Model MODEL = Box.model("VBox");

  /** A column of {@code children}. */
  public VBox(Widget... children) {
    super(MODEL, children);
  }
}
