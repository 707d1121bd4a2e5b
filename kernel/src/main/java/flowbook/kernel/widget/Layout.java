package flowbook.kernel.widget;

/**
 * The CSS layout of a widget's view (size, margins, flex and grid settings), a model of its own
 * that widgets reference: {@code slider.layout().width("400px")}. ipywidgets' {@code Layout}; every
 * property is unset (null) at first. The setters below cover the usual ones; {@link #css} sets any
 * of the others by its state key.
 */
public final class Layout extends Widget {
  static final Model MODEL =
      Model.base("Layout")
          .string("align_content", null)
          .string("align_items", null)
          .string("align_self", null)
          .string("border_bottom", null)
          .string("border_left", null)
          .string("border_right", null)
          .string("border_top", null)
          .string("bottom", null)
          .string("display", null)
          .string("flex", null)
          .string("flex_flow", null)
          .string("grid_area", null)
          .string("grid_auto_columns", null)
          .string("grid_auto_flow", null)
          .string("grid_auto_rows", null)
          .string("grid_column", null)
          .string("grid_gap", null)
          .string("grid_row", null)
          .string("grid_template_areas", null)
          .string("grid_template_columns", null)
          .string("grid_template_rows", null)
          .string("height", null)
          .string("justify_content", null)
          .string("justify_items", null)
          .string("left", null)
          .string("margin", null)
          .string("max_height", null)
          .string("max_width", null)
          .string("min_height", null)
          .string("min_width", null)
          .string("object_fit", null)
          .string("object_position", null)
          .string("order", null)
          .string("overflow", null)
          .string("padding", null)
          .string("right", null)
          .string("top", null)
          .string("visibility", null)
          .string("width", null)
          .build();

  /** A layout with nothing set. */
  public Layout() {
    super(MODEL);
  }

  /**
   * Sets the property with state key {@code key} (ipywidgets' name: {@code border_top}, {@code
   * grid_template_columns}) to {@code value}; null unsets it.
   *
   * @throws IllegalArgumentException if Layout has no such key
   */
  public Layout css(String key, String value) {
    if (key.startsWith("_")) {
      throw new IllegalArgumentException(key + " is not a CSS property of Layout");
    }
    set(key, value);
    return this;
  }

  /** The value of the property {@code key}, or null when unset. */
  public String css(String key) {
    return (String) get(key);
  }

  /** CSS width, e.g. {@code 300px}; null for the default. */
  public Layout width(String value) {
    return css("width", value);
  }

  /** CSS height, e.g. {@code 300px}; null for the default. */
  public Layout height(String value) {
    return css("height", value);
  }

  /** CSS min-width, e.g. {@code 300px}; null for the default. */
  public Layout minWidth(String value) {
    return css("min_width", value);
  }

  /** CSS max-width, e.g. {@code 300px}; null for the default. */
  public Layout maxWidth(String value) {
    return css("max_width", value);
  }

  /** CSS min-height, e.g. {@code 300px}; null for the default. */
  public Layout minHeight(String value) {
    return css("min_height", value);
  }

  /** CSS max-height, e.g. {@code 300px}; null for the default. */
  public Layout maxHeight(String value) {
    return css("max_height", value);
  }

  /** CSS margin, e.g. {@code ...}; null for the default. */
  public Layout margin(String value) {
    return css("margin", value);
  }

  /** CSS padding, e.g. {@code ...}; null for the default. */
  public Layout padding(String value) {
    return css("padding", value);
  }

  /** CSS display, e.g. {@code ...}; null for the default. */
  public Layout display(String value) {
    return css("display", value);
  }

  /** CSS flex, e.g. {@code ...}; null for the default. */
  public Layout flex(String value) {
    return css("flex", value);
  }

  /** CSS flex-flow, e.g. {@code ...}; null for the default. */
  public Layout flexFlow(String value) {
    return css("flex_flow", value);
  }

  /** CSS align-items, e.g. {@code ...}; null for the default. */
  public Layout alignItems(String value) {
    return css("align_items", value);
  }

  /** CSS justify-content, e.g. {@code ...}; null for the default. */
  public Layout justifyContent(String value) {
    return css("justify_content", value);
  }

  /** CSS overflow, e.g. {@code ...}; null for the default. */
  public Layout overflow(String value) {
    return css("overflow", value);
  }

  /** CSS visibility, e.g. {@code ...}; null for the default. */
  public Layout visibility(String value) {
    return css("visibility", value);
  }

  /** CSS grid-area, e.g. {@code ...}; null for the default. */
  public Layout gridArea(String value) {
    return css("grid_area", value);
  }
}
