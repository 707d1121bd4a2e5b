package flowbook.kernel.widget;

/**
 * A slider of decimals: {@code new FloatSlider().min(0.5).max(2).step(0.1)}. ipywidgets' {@code
 * FloatSlider}; the value starts at 0.0, the range at 0.0..100.0, the step 0.1.
 */
public final class FloatSlider extends ValueWidget<Double, FloatSlider> {
  static final Model MODEL =
      Model.controls("FloatSlider")
          .described()
          .string("behavior", "drag-tap")
          .bool("continuous_update", true)
          .bool("disabled", false)
          .decimal("max", 100.0)
          .decimal("min", 0.0)
          .string("orientation", "horizontal")
          .bool("readout", true)
          .string("readout_format", ".2f")
          .decimal("step", 0.1)
          .decimal("value", 0.0)
          .build();

  /** A slider at 0.0 on 0.0..100.0. */
  public FloatSlider() {
    super(MODEL, Style.SLIDER);
  }

  /** The smallest value. */
  public FloatSlider min(double min) {
    set("min", min);
    return this;
  }

  /** The largest value. */
  public FloatSlider max(double max) {
    set("max", max);
    return this;
  }

  /** The step between values. */
  public FloatSlider step(double step) {
    set("step", step);
    return this;
  }

  /** Whether values are sent while dragging (true) or on release only. */
  public FloatSlider continuousUpdate(boolean continuousUpdate) {
    set("continuous_update", continuousUpdate);
    return this;
  }

  /** The format of the value shown, as d3-format writes it ({@code .2f}). */
  public FloatSlider readoutFormat(String readoutFormat) {
    set("readout_format", readoutFormat);
    return this;
  }
}
