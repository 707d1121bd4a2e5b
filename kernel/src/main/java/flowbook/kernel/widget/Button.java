package flowbook.kernel.widget;

import flowbook.asyncgen.AsyncGenerator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A button: {@code var stop = new Button("Stop"); display(stop);} then {@code stream.takeWhile(x ->
 * !stop.clicked())}, or {@code stop.onClick(() -> ...)}. ipywidgets' {@code Button}. Clicks arrive
 * while a cell runs.
 */
public final class Button extends DescriptionWidget<Button> {
  static final Model MODEL =
      Model.controls("Button")
          .dom()
          .string("button_style", "")
          .string("description", "")
          .bool("disabled", false)
          .string("icon", "")
          .reference("style")
          .build();

  private final AtomicInteger clicks = new AtomicInteger(); // since made or last reset
  private final List<Runnable> actions = new CopyOnWriteArrayList<>();
  private final List<Latest<Integer>> watchers = new CopyOnWriteArrayList<>();

  /** A button without a label. */
  public Button() {
    super(MODEL, Style.BUTTON);
  }

  /** A button labelled {@code description}. */
  public Button(String description) {
    this();
    description(description);
  }

  /**
   * Runs {@code action} on each click, on the button's callback thread, one click at a time, none
   * skipped. An exception it throws is printed on the cell's stderr; later clicks run as usual.
   *
   * @throws NullPointerException if action is null
   */
  public Button onClick(Runnable action) {
    actions.add(Objects.requireNonNull(action, "onClick(null): pass an action"));
    return this;
  }

  /** Whether the button was clicked since it was made or since {@link #reset()}. */
  public boolean clicked() {
    return clicks.get() > 0;
  }

  /** How many clicks since the button was made or since {@link #reset()}. */
  public int clickCount() {
    return clicks.get();
  }

  /** Forgets the clicks so far: {@link #clicked()} is false until the next click. */
  public Button reset() {
    clicks.set(0);
    return this;
  }

  /**
   * The clicks as a stream of click counts ({@link #clickCount()}): first the count so far if the
   * button was clicked already (since made or {@link #reset()}), then each new count; a slow
   * consumer sees the latest. It never completes: {@code stop.clicks().first()} returns once the
   * button has been clicked, however early.
   */
  public AsyncGenerator<Integer> clicks() {
    return AsyncGenerator.of(
        out -> {
          Latest<Integer> latest = new Latest<>();
          watchers.add(latest);
          try {
            int last = clicks.get();
            if (last > 0) {
              out.yield(last);
            }
            while (true) {
              int next = out.await(latest.take());
              if (next != last) {
                out.yield(next);
                last = next;
              }
            }
          } finally {
            watchers.remove(latest);
          }
        });
  }

  /** Clicks the button, as a user would: for notebooks run without a front end, and tests. */
  public Button click() {
    int count = clicks.incrementAndGet();
    watchers.forEach(watcher -> watcher.offer(count));
    actions.forEach(action -> callbacks.submit(action));
    return this;
  }

  /** {@code primary}, {@code success}, {@code info}, {@code warning}, {@code danger} or "". */
  public Button buttonStyle(String buttonStyle) {
    set("button_style", buttonStyle);
    return this;
  }

  /** A Font Awesome icon name shown on the button, e.g. {@code stop}. */
  public Button icon(String icon) {
    set("icon", icon);
    return this;
  }

  @Override
  void receiveCustom(com.google.gson.JsonObject content) {
    if (content.has("event") && "click".equals(content.get("event").getAsString())) {
      click();
    }
  }
}
