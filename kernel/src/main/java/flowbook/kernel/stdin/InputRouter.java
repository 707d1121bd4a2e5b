package flowbook.kernel.stdin;

import flowbook.kernel.output.CellContext;
import flowbook.kernel.output.OutputRouter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Replaces {@code System.in} with a stream that asks the front end of the cell that is reading.
 *
 * <ul>
 *   <li>A read with nothing buffered asks the cell's {@link InputSource} for a line (Jupyter's
 *       {@code input_request}) and returns it followed by {@code \n}; text printed before (a prompt
 *       written with {@code print}) is flushed first, so it shows above the input field.
 *   <li>{@code available()} counts only what is buffered, so {@code Scanner} and {@code
 *       BufferedReader} never ask for a second line they do not need.
 *   <li>A thread belongs to the cell that started it, as for output ({@link OutputRouter}); a
 *       thread of no cell reads from the cell running now. After its cell has finished, a thread
 *       cannot read: there is no request left to answer.
 *   <li>When there is no input (no front end stdin, the cell is over) a read throws an {@link
 *       IllegalStateException} with the reason: unchecked, because {@code Scanner} would swallow an
 *       {@code IOException} and report only "No line found".
 *   <li>An interrupt while waiting ends the read with an {@link java.io.UncheckedIOException}
 *       wrapping an {@link InterruptedIOException}, and keeps the thread's interrupt flag set.
 * </ul>
 */
public final class InputRouter {
  private static final InheritableThreadLocal<CellInput> BOUND = new InheritableThreadLocal<>();
  private static volatile CellInput running; // the input of the cell running now, or null
  private static InputStream processIn; // the stream the process started with

  private InputRouter() {}

  /** Replaces {@code System.in} with the routing stream; later calls do nothing. */
  public static synchronized void install() {
    if (processIn == null) {
      processIn = System.in;
      System.setIn(new RoutingInputStream());
    }
  }

  /**
   * Binds the current thread (and the threads it starts from now on) to a new input reading from
   * {@code source}, until {@link #leave()} on this thread.
   */
  public static void enter(InputSource source) {
    CellInput input = new CellInput(source);
    BOUND.set(input);
    running = input;
  }

  /** Ends the current thread's input: threads the cell started can no longer read. */
  public static void leave() {
    CellInput input = BOUND.get();
    if (input != null) {
      input.closed = true;
    }
    if (running == input) {
      running = null;
    }
    BOUND.remove();
  }

  private static CellInput current() {
    CellInput bound = BOUND.get();
    return bound != null ? bound : running;
  }

  /** One cell's input: its source and what is left of the last answer. */
  private static final class CellInput {
    final InputSource source;
    byte[] buffer = new byte[0]; // guarded by this
    int position; // guarded by this: next byte of buffer to read
    volatile boolean closed; // the cell has finished

    CellInput(InputSource source) {
      this.source = source;
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
      CellContext output = OutputRouter.current();
      if (output != null) {
        output.flush();
      }
      String line;
      try {
        line = source.readLine("", false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.UncheckedIOException(
            new InterruptedIOException("interrupted while waiting for input"));
      } catch (IOException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
      position = 0;
    }
  }

  private static final class RoutingInputStream extends InputStream {
    @Override
    public int read() {
      byte[] one = new byte[1];
      int count = read(one, 0, 1);
      return count < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
      java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
      CellInput input = current();
      if (input == null) {
        throw new IllegalStateException("stdin is only available while a cell runs");
      }
      return input.read(bytes, offset, length);
    }

    @Override
    public int available() {
      CellInput input = current();
      return input == null ? 0 : input.available();
    }
  }
}
