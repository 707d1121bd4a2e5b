package flowbook.kernel.widget;

import java.util.Objects;

/**
 * A widget with a description (the label beside it) and a {@link Style}. ipywidgets' {@code
 * DescriptionWidget}.
 *
 * @param <W> the widget's own class, which the fluent setters return
 */
public abstract class DescriptionWidget<W extends DescriptionWidget<W>> extends DOMWidget<W> {
  DescriptionWidget(Model model, Model styleModel) {
    super(model);
    initialize("style", new Style(styleModel));
  }

  /** The description shown beside the widget. */
  public String description() {
    return (String) get("description");
  }

  /**
   * Shows {@code description} beside the widget.
   *
   * @throws NullPointerException if description is null
   */
  public W description(String description) {
    set(
        "description",
        Objects.requireNonNull(description, "description(null): pass \"\" for none"));
    return self();
  }

  /**
   * Whether the widget ignores the user.
   *
   * @throws IllegalArgumentException for a widget that cannot be disabled (a label, HTML, a
   *     progress bar)
   */
  public W disabled(boolean disabled) {
    set("disabled", disabled);
    return self();
  }

  /** This widget's style, to change in place: {@code slider.style().handleColor("red")}. */
  public Style style() {
    return (Style) get("style");
  }
}
