package flowbook.kernel.widget;

/**
 * A play button that counts from min to max, one step every {@code interval} milliseconds, in the
 * front end: {@code new Play().max(50).interval(200)}; its {@link #changes()} drive a stream.
 * ipywidgets' {@code Play}. Without a front end nothing plays: set {@link #value} yourself.
 */
public final class Play extends ValueWidget<Integer, Play> {
  static final Model MODEL =
      Model.controls("Play")
          .described()
          .bool("disabled", false)
          .integer("interval", 100)
          .integer("max", 100)
          .integer("min", 0)
          .bool("playing", false)
          .bool("repeat", false)
          .bool("show_repeat", true)
          .integer("step", 1)
          .integer("value", 0)
          .build();

  /** A player from 0 to 100, one step every 100 ms. */
  public Play() {
    super(MODEL, Style.DESCRIPTION);
  }

  /** The first value. */
  public Play min(int min) {
    set("min", min);
    return this;
  }

  /** The last value. */
  public Play max(int max) {
    set("max", max);
    return this;
  }

  /** The step between values. */
  public Play step(int step) {
    set("step", step);
    return this;
  }

  /** Milliseconds between steps. */
  public Play interval(int interval) {
    set("interval", interval);
    return this;
  }

  /** Starts (true) or pauses (false) playing in the front end. */
  public Play playing(boolean playing) {
    set("playing", playing);
    return this;
  }

  /** Whether playing is running now. */
  public boolean playing() {
    return (Boolean) get("playing");
  }

  /** Whether playing starts over at the end. */
  public Play repeat(boolean repeat) {
    set("repeat", repeat);
    return this;
  }
}
