package flowbook.kernel.cell;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One cell's standard input: its {@link InputSource} and what is left of the last answer.
 *
 * <ul>
 *   <li>A read with nothing buffered asks the source for a line (Jupyter's {@code input_request})
 *       and returns it followed by {@code \n}; text printed before (a prompt written with {@code
 *       print}) is flushed first, so it shows above the input field.
 *   <li>{@code available()} counts only what is buffered, so {@code Scanner} and {@code
 *       BufferedReader} never ask for a second line they do not need.
 *   <li>After the cell has finished a read throws: there is no request left to answer.
 *   <li>When there is no input a read throws an {@link IllegalStateException} with the reason:
 *       unchecked, because {@code Scanner} would swallow an {@code IOException} and report only "No
 *       line found".
 *   <li>An interrupt while waiting ends the read with an {@link UncheckedIOException} wrapping an
 *       {@link InterruptedIOException}, and keeps the thread's interrupt flag set.
 * </ul>
 */
final class CellInput {
  private final InputSource source;
  private final Runnable beforeAsking; // flushes the cell's output, so a prompt shows first
  private byte[] buffer = new byte[0]; // guarded by this
  private int position; // guarded by this: next byte of buffer to read
  private volatile boolean closed; // the cell has finished

  CellInput(InputSource source, Runnable beforeAsking) {
    this.source = source;
    this.beforeAsking = beforeAsking;
  }

  /** Ends the input: later reads throw. */
  void close() {
    closed = true;
  }

  synchronized int read(byte[] bytes, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    if (position >= buffer.length) {
      fill();
    }
    int count = Math.min(length, buffer.length - position);
    System.arraycopy(buffer, position, bytes, offset, count);
    position += count;
    return count;
  }

  synchronized int available() {
    return buffer.length - position;
  }

  private void fill() {
    if (closed) {
      throw new IllegalStateException(
          "stdin is not available: the cell this thread belongs to has finished");
    }
    beforeAsking.run();
    String line;
    try {
      line = source.readLine("", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(
          new InterruptedIOException("interrupted while waiting for input"));
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
    position = 0;
  }
}
