package flowbook.kernel.widget;

/**
 * A checkbox: {@code new Checkbox().description("live")}. ipywidgets' {@code Checkbox}; unchecked.
 */
public final class Checkbox extends ValueWidget<Boolean, Checkbox> {
  static final Model MODEL =
      Model.controls("Checkbox")
          .described()
          .bool("disabled", false)
          .bool("indent", true)
          .bool("value", false)
          .build();

  /** An unchecked checkbox. */
  public Checkbox() {
    super(MODEL, Style.CHECKBOX);
  }

  /** Whether the box is indented to line up with other widgets' descriptions. */
  public Checkbox indent(boolean indent) {
    set("indent", indent);
    return this;
  }
}
