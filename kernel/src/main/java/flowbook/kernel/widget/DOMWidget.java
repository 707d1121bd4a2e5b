package flowbook.kernel.widget;

import java.util.Objects;

/**
 * A widget with a view of its own: it has a {@link Layout} (size, margins, flex settings) and a
 * tooltip. ipywidgets' {@code DOMWidget}.
 *
 * @param <W> the widget's own class, which the fluent setters return
 */
public abstract class DOMWidget<W extends DOMWidget<W>> extends Widget {
  DOMWidget(Model model) {
    super(model);
    initialize("layout", new Layout());
  }

  /** This widget's layout, to change in place: {@code slider.layout().width("300px")}. */
  public Layout layout() {
    return (Layout) get("layout");
  }

  /**
   * Uses {@code layout} (which may be shared by several widgets).
   *
   * @throws NullPointerException if layout is null
   */
  public W layout(Layout layout) {
    set("layout", Objects.requireNonNull(layout, "layout(null): pass a Layout, e.g. new Layout()"));
    return self();
  }

  /** Shows {@code tooltip} when the pointer rests on the widget; null for none. */
  public W tooltip(String tooltip) {
    set("tooltip", tooltip);
    return self();
  }

  @SuppressWarnings("unchecked")
  final W self() {
    return (W) this;
  }
}
