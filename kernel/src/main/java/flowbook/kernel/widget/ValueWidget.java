package flowbook.kernel.widget;

import flowbook.asyncgen.AsyncGenerator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A widget with a value that the user changes (a slider, a checkbox, a text field) or the kernel
 * sets (a progress bar, a label).
 *
 * <ul>
 *   <li>{@link #value()} is the latest value, set here or by a front end; safe from any thread, so
 *       a running generator can read a slider as it goes.
 *   <li>{@link #value(Object)} sets it and sends it to the front ends, coalesced (see {@link
 *       Widget}): a loop may call it a million times.
 *   <li>{@link #onChange} listeners run on the widget's callback thread; {@link #changes()} streams
 *       the values.
 * </ul>
 *
 * @param <T> the type of the value
 * @param <W> the widget's own class, which the fluent setters return
 */
public abstract class ValueWidget<T, W extends ValueWidget<T, W>> extends DescriptionWidget<W> {
  private final List<Consumer<? super T>> listeners = new CopyOnWriteArrayList<>();
  private final List<Latest<T>> watchers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean notifying = new AtomicBoolean(); // a listener call is queued

  ValueWidget(Model model, Model styleModel) {
    super(model, styleModel);
  }

  /** The latest value, from the kernel or a front end. */
  public T value() {
    return toValue(get(valueKey()));
  }

  /**
   * Sets the value and sends it to the front ends (coalesced).
   *
   * @throws NullPointerException if value is null
   */
  public W value(T value) {
    Objects.requireNonNull(value, "value(null): a widget's value is never null");
    set(valueKey(), toState(value));
    return self();
  }

  /**
   * Calls {@code listener} with the value after it changed (by a front end or by {@link
   * #value(Object)}), on this widget's callback thread, one call at a time; changes that come
   * faster than the listener runs are conflated (it gets the latest). An exception it throws is
   * printed on the cell's stderr and the next call happens as usual.
   *
   * @throws NullPointerException if listener is null
   */
  public W onChange(Consumer<? super T> listener) {
    listeners.add(Objects.requireNonNull(listener, "onChange(null): pass a listener"));
    return self();
  }

  /**
   * The values of this widget as a stream: the current value first, then each new one. A consumer
   * slower than the changes sees the latest (intermediate values are skipped) and never the same
   * value twice in a row. It never completes: end it with {@code take}, {@code takeWhile}, an
   * interrupt or by cancelling; a cancelled stream stops watching the widget.
   */
  public AsyncGenerator<T> changes() {
    return AsyncGenerator.of(
        out -> {
          Latest<T> latest = new Latest<>();
          watchers.add(latest);
          try {
            T last = value();
            if (last != null) {
              out.yield(last);
            }
            while (true) {
              T next = out.await(latest.take());
              if (next != null && !next.equals(last)) {
                out.yield(next);
                last = next;
              }
            }
          } finally {
            watchers.remove(latest);
          }
        });
  }

  /** The state key holding the value. */
  String valueKey() {
    return "value";
  }

  /** The value that state {@code stateValue} stands for. */
  @SuppressWarnings("unchecked")
  T toValue(Object stateValue) {
    return (T) stateValue;
  }

  /** The state standing for {@code value}. */
  Object toState(T value) {
    return value;
  }

  @Override
  void changed(String key, Object stateValue) {
    if (!key.equals(valueKey())) {
      return;
    }
    T value = toValue(stateValue);
    watchers.forEach(watcher -> watcher.offer(value));
    if (!listeners.isEmpty() && notifying.compareAndSet(false, true)) {
      callbacks.submit(
          () -> {
            notifying.set(false);
            T latest = value();
            listeners.forEach(listener -> callbacks.runGuarded(() -> listener.accept(latest)));
          });
    }
  }
}
