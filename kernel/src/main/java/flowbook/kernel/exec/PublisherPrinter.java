package flowbook.kernel.exec;

import flowbook.kernel.display.Renderer;
import flowbook.kernel.output.CellContext;
import flowbook.kernel.output.StreamName;
import flowbook.kernel.view.StreamView;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;

/**
 * Consumes a cell's {@link Flow.Publisher} value and shows its items as they arrive.
 *
 * <ul>
 *   <li>Items are pulled one at a time ({@code request(1)} after each is shown), like Python's
 *       {@code async for}: a generator runs no further ahead than the notebook shows.
 *   <li>The first {@link #LINE_LIMIT} items each show as one line of {@code stdout} (its {@code
 *       toString()}); items with a rich form (HTML, Markdown, images) show as a display of their
 *       own.
 *   <li>Past that, a {@link StreamView} takes over: one display redrawn in place with the latest
 *       items, the count and the rate, so a stream of millions of items sends a few hundred
 *       messages, not millions. It ends showing how the stream ended.
 *   <li>{@link #await()} returns when the stream completes, fails or is cancelled.
 * </ul>
 */
/* Lines rather than one display updated in place for short streams: a notebook then reads like
 * the Python original's printed output and survives export as plain text. Lines for every item of
 * a long stream would flood the front end, hence the view. */
final class PublisherPrinter implements Flow.Subscriber<Object> {
  /** Items shown as lines before the bounded view takes over. */
  static final int LINE_LIMIT = 50;

  private final CellContext context;
  private final long startNanos = System.nanoTime();
  private long count; // onNext calls are serial (RS 1.3)
  private volatile StreamView view; // set by onNext once past LINE_LIMIT
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Flow.Subscription subscription; // RS 1.9: set in onSubscribe
  private volatile Throwable failure; // what onError delivered
  private volatile boolean cancelled; // cancel() was called

  PublisherPrinter(CellContext context) {
    this.context = context;
  }

  /** Subscribes to {@code publisher}; call {@link #await()} next. */
  void start(Flow.Publisher<?> publisher) {
    @SuppressWarnings("unchecked")
    Flow.Publisher<Object> items = (Flow.Publisher<Object>) publisher;
    items.subscribe(this);
  }

  /** Waits until the stream ends or is cancelled. */
  void await() throws InterruptedException {
    done.await();
  }

  /** Cancels the subscription and releases {@link #await()}. */
  void cancel() {
    cancelled = true;
    StreamView shown = view;
    if (shown != null) {
      shown.cancelled();
    }
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
    done.countDown();
  }

  /** What the stream failed with, or null. */
  Throwable failure() {
    return failure;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    if (this.subscription != null) {
      subscription.cancel(); // RS 2.5: only one subscription at a time
      return;
    }
    this.subscription = subscription;
    if (cancelled) {
      subscription.cancel();
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onNext(Object item) {
    try {
      if (count < LINE_LIMIT) {
        showAsLine(item);
      } else {
        if (view == null) {
          view = new StreamView(context, startNanos, count);
        }
        view.add(Renderer.plainText(item));
      }
      count++;
    } catch (RuntimeException e) {
      // The item's toString failed: that ends the stream, as an error of the cell (RS 2.13).
      failure = e;
      if (view != null) {
        view.failed(e);
      }
      subscription.cancel();
      done.countDown();
      return;
    }
    if (!cancelled) {
      subscription.request(1);
    }
  }

  private void showAsLine(Object item) {
    DisplayData data = Renderer.render(item);
    if (Renderer.isRich(data)) {
      context.display(data);
    } else {
      context.print(StreamName.STDOUT, Renderer.plainText(item) + "\n");
    }
  }

  @Override
  public void onError(Throwable throwable) {
    failure = throwable;
    if (view != null) {
      view.failed(throwable);
    }
    done.countDown();
  }

  @Override
  public void onComplete() {
    if (view != null) {
      view.completed();
    }
    done.countDown();
  }
}
