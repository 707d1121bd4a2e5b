package flowbook.kernel.view;

import flowbook.kernel.cell.KernelThreads;
import flowbook.kernel.output.CellContext;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One output of a cell that is redrawn in place while something runs: a stream's view, a progress
 * bar, a chart. The owner calls {@link #changed()} as often as it likes (it is cheap); the display
 * is redrawn at most once per interval, and a change is never left undrawn for longer than that.
 *
 * <pre>
 *   HIDDEN --show()/changed()--> SHOWN --changed()--> SHOWN (redrawn now, or a redraw scheduled)
 *     |                            |
 *     +-------- finish() ----------+--> FINISHED (drawn once more, final; later calls do nothing)
 * </pre>
 *
 * <p>The first draw is a {@code display_data} with a fresh display id, later ones {@code
 * update_display_data} under that id, so a notebook keeps only the final state. Draws happen under
 * this object's lock, on the caller's thread or on one shared timer thread; {@code render} must not
 * call back into this object.
 */
public final class LiveDisplay {
  /** Ten redraws a second: smooth to the eye, a few hundred messages for a long run. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

  /* One daemon thread for every live display's delayed redraws; it inherits no cell. */
  private static final ScheduledExecutorService TIMER =
      KernelThreads.timer("flowbook-live-display");

  private enum State {
    HIDDEN,
    SHOWN,
    FINISHED
  }

  private final CellContext context;
  private final long intervalNanos;
  private final Supplier<DisplayData> render;
  private final String displayId = UUID.randomUUID().toString();
  private State state = State.HIDDEN; // guarded by this
  private long lastDrawNanos; // guarded by this
  private boolean redrawScheduled; // guarded by this
  private boolean undrawnChange; // guarded by this

  /**
   * A live display in {@code context} (null: outside any cell, draws are dropped) drawing what
   * {@code render} returns, at most once per {@code interval}.
   */
  public LiveDisplay(CellContext context, Duration interval, Supplier<DisplayData> render) {
    this.context = context;
    this.intervalNanos = interval.toNanos();
    this.render = render;
  }

  /** Draws the display now if it is not shown yet. */
  public synchronized void show() {
    if (state == State.HIDDEN) {
      draw();
    }
  }

  /** Says the content changed: redraws now if the interval has passed, else a moment later. */
  public synchronized void changed() {
    if (state == State.FINISHED) {
      return;
    }
    long sinceLast = System.nanoTime() - lastDrawNanos;
    if (state == State.HIDDEN || sinceLast >= intervalNanos) {
      draw();
    } else {
      undrawnChange = true;
      scheduleRedraw(intervalNanos - sinceLast);
    }
  }

  /** Draws the final state (showing the display if it never was) and stops all redraws. */
  public synchronized void finish() {
    if (state == State.FINISHED) {
      return;
    }
    draw();
    state = State.FINISHED;
  }

  /** True once {@link #finish()} ran. */
  public synchronized boolean finished() {
    return state == State.FINISHED;
  }

  private void scheduleRedraw(long delayNanos) {
    if (!redrawScheduled) {
      redrawScheduled = true;
      TIMER.schedule(this::scheduledRedraw, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  /* A draw by changed() may have come first: then only a later change needs drawing. */
  private synchronized void scheduledRedraw() {
    redrawScheduled = false;
    if (state != State.SHOWN || !undrawnChange) {
      return;
    }
    long sinceLast = System.nanoTime() - lastDrawNanos;
    if (sinceLast >= intervalNanos) {
      draw();
    } else {
      scheduleRedraw(intervalNanos - sinceLast);
    }
  }

  private void draw() {
    undrawnChange = false;
    DisplayData data = render.get();
    data.setDisplayId(displayId);
    lastDrawNanos = System.nanoTime();
    if (context != null) {
      if (state == State.HIDDEN) {
        context.display(data);
      } else {
        context.updateDisplay(data);
      }
    }
    state = State.SHOWN;
  }
}
