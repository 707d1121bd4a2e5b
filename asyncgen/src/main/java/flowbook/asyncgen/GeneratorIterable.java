package flowbook.asyncgen;

import java.util.Iterator;

/**
 * What {@link AsyncGenerator#iterate()} returns: an {@link Iterable} for one for-each loop, which
 * closes the generator when closed (Python's {@code aclosing}).
 *
 * @param <T> the type of the values yielded
 */
public final class GeneratorIterable<T> implements Iterable<T>, AutoCloseable {
  private final Iterator<T> iterator;
  private final Runnable closer; // closes the generator; returns after its finally blocks ran
  private boolean handedOut; // an Iterable for one loop: a second loop would silently see nothing

  GeneratorIterable(GeneratorIterator<T> iterator) {
    this(iterator, iterator::close);
  }

  /** For run-ahead generators, whose values the caller pulls without a GeneratorIterator. */
  GeneratorIterable(Iterator<T> iterator, Runnable closer) {
    this.iterator = iterator;
    this.closer = closer;
  }

  /**
   * The iterator of this one-shot iteration.
   *
   * @throws IllegalStateException on a second call; call {@code iterate()} again to run the body
   *     afresh
   */
  @Override
  public Iterator<T> iterator() {
    if (handedOut) {
      throw new IllegalStateException(
          "this iterate() result was already iterated; call generator.iterate() again to run the"
              + " body afresh");
    }
    handedOut = true;
    return iterator;
  }

  /** Closes the generator at its current yield and returns after its finally blocks ran. */
  @Override
  public void close() {
    closer.run();
  }
}
