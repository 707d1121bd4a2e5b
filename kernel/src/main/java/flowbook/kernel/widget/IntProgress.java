package flowbook.kernel.widget;

/**
 * A progress bar: {@code var bar = new IntProgress().max(1_000_000); display(bar); ...
 * bar.value(i);}. Setting the value a million times sends a few dozen updates a second, the last
 * one with the final value. ipywidgets' {@code IntProgress}; 0 of 0..100 at first.
 */
public final class IntProgress extends ValueWidget<Integer, IntProgress> {
  static final Model MODEL =
      Model.controls("IntProgress")
          .view("ProgressView")
          .described()
          .string("bar_style", "")
          .integer("max", 100)
          .integer("min", 0)
          .string("orientation", "horizontal")
          .integer("value", 0)
          .build();

  /** A bar at 0 of 0..100. */
  public IntProgress() {
    super(MODEL, Style.PROGRESS);
  }

  /** The value of a full bar. */
  public IntProgress max(int max) {
    set("max", max);
    return this;
  }

  /** The value of an empty bar. */
  public IntProgress min(int min) {
    set("min", min);
    return this;
  }

  /** {@code success}, {@code info}, {@code warning}, {@code danger} or {@code ""}. */
  public IntProgress barStyle(String barStyle) {
    set("bar_style", barStyle);
    return this;
  }
}
