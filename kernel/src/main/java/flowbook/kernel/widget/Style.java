package flowbook.kernel.widget;

/**
 * The style of a widget's view (colours, fonts, the description's width), a model of its own that
 * the widget references: {@code slider.style().handleColor("orange")}. Each kind of widget has its
 * style model (ipywidgets' {@code SliderStyle}, {@code ProgressStyle}, {@code ButtonStyle}, ...); a
 * setter a kind lacks throws {@link IllegalArgumentException} saying which keys it has.
 */
public final class Style extends Widget {
  static final Model DESCRIPTION = Model.style("DescriptionStyle").build();
  static final Model SLIDER = Model.style("SliderStyle").string("handle_color", null).build();
  static final Model PROGRESS = Model.style("ProgressStyle").string("bar_color", null).build();
  static final Model CHECKBOX = Model.style("CheckboxStyle").string("background", null).build();
  static final Model TEXT = colouredText("TextStyle");
  static final Model HTML = colouredText("HTMLStyle");
  static final Model LABEL = fonts(Model.style("LabelStyle").string("background", null)).build();
  static final Model BUTTON =
      fonts(Model.styleWithoutDescription("ButtonStyle").string("button_color", null)).build();

  Style(Model model) {
    super(model);
  }

  private static Model colouredText(String prefix) {
    return Model.style(prefix)
        .string("background", null)
        .string("font_size", null)
        .string("text_color", null)
        .build();
  }

  /* The font keys that labels and buttons share. */
  private static Model.Builder fonts(Model.Builder style) {
    return style
        .string("font_family", null)
        .string("font_size", null)
        .string("font_style", null)
        .string("font_variant", null)
        .string("font_weight", null)
        .string("text_color", null)
        .string("text_decoration", null);
  }

  /** The width of the description beside the widget, e.g. {@code 120px}. */
  public Style descriptionWidth(String width) {
    return put("description_width", width);
  }

  /** The colour of a slider's handle. */
  public Style handleColor(String color) {
    return put("handle_color", color);
  }

  /** The colour of a progress bar. */
  public Style barColor(String color) {
    return put("bar_color", color);
  }

  /** The colour of a button. */
  public Style buttonColor(String color) {
    return put("button_color", color);
  }

  /** The background colour. */
  public Style background(String color) {
    return put("background", color);
  }

  /** The colour of the text. */
  public Style textColor(String color) {
    return put("text_color", color);
  }

  /** The size of the text, e.g. {@code 20px}. */
  public Style fontSize(String size) {
    return put("font_size", size);
  }

  /** The weight of the text, e.g. {@code bold}. */
  public Style fontWeight(String weight) {
    return put("font_weight", weight);
  }

  private Style put(String key, String value) {
    set(key, value);
    return this;
  }
}
