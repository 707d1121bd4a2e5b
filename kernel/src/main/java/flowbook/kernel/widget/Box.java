package flowbook.kernel.widget;

import java.util.Arrays;
import java.util.List;

/**
 * A widget holding other widgets in a row ({@link HBox}) or a column ({@link VBox}).
 *
 * @param <W> the box's own class
 */
public abstract class Box<W extends Box<W>> extends DOMWidget<W> {
  Box(Model model, Widget... children) {
    super(model);
    initialize("children", List.copyOf(Arrays.asList(children)));
  }

  static Model model(String prefix) {
    return Model.controls(prefix).dom().string("box_style", "").references("children").build();
  }

  /** The widgets in the box. */
  @SuppressWarnings("unchecked")
  public List<Widget> children() {
    return (List<Widget>) get("children");
  }

  /**
   * Shows {@code children} in the box instead of those it had.
   *
   * @throws NullPointerException if one of them is null
   */
  public W children(Widget... children) {
    set("children", List.of(children));
    return self();
  }

  /** {@code success}, {@code info}, {@code warning}, {@code danger} or "". */
  public W boxStyle(String boxStyle) {
    set("box_style", boxStyle);
    return self();
  }
}
