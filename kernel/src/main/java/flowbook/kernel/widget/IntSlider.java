package flowbook.kernel.widget;

/**
 * A slider of integers: {@code new IntSlider().min(0).max(10).step(2).description("rate")}.
 * ipywidgets' {@code IntSlider}; the value starts at 0, the range at 0..100.
 */
public final class IntSlider extends ValueWidget<Integer, IntSlider> {
  static final Model MODEL =
      Model.controls("IntSlider")
          .described()
          .string("behavior", "drag-tap")
          .bool("continuous_update", true)
          .bool("disabled", false)
          .integer("max", 100)
          .integer("min", 0)
          .string("orientation", "horizontal")
          .bool("readout", true)
          .string("readout_format", "d")
          .integer("step", 1)
          .integer("value", 0)
          .build();

  /** A slider at 0 on 0..100. */
  public IntSlider() {
    super(MODEL, Style.SLIDER);
  }

  /** The smallest value. */
  public IntSlider min(int min) {
    set("min", min);
    return this;
  }

  /** The largest value. */
  public IntSlider max(int max) {
    set("max", max);
    return this;
  }

  /** The step between values. */
  public IntSlider step(int step) {
    set("step", step);
    return this;
  }

  /** Whether values are sent while dragging (true) or on release only. */
  public IntSlider continuousUpdate(boolean continuousUpdate) {
    set("continuous_update", continuousUpdate);
    return this;
  }

  /** {@code horizontal} or {@code vertical}. */
  public IntSlider orientation(String orientation) {
    set("orientation", orientation);
    return this;
  }

  /** Whether the value is shown beside the slider. */
  public IntSlider readout(boolean readout) {
    set("readout", readout);
    return this;
  }
}
