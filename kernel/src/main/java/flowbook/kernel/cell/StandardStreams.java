package flowbook.kernel.cell;

import flowbook.kernel.output.StreamName;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The router of {@code System.out}, {@code System.err} and {@code System.in}: every read and write
 * goes to the cell of the calling thread, {@link Cell#current()}, which holds the one rule of which
 * thread belongs to which cell.
 *
 * <ul>
 *   <li>Writes before the first cell go to the process's own streams (the kernel's log).
 *   <li>A read with no cell at all fails with an {@link IllegalStateException}; see {@link
 *       CellInput} for what a read does in a cell.
 * </ul>
 */
public final class StandardStreams {
  private static PrintStream processOut; // the streams the process started with
  private static PrintStream processErr;

  private StandardStreams() {}

  /**
   * Replaces {@code System.out}, {@code System.err} and {@code System.in} with routing streams;
   * later calls do nothing.
   *
   * @return the process's original standard error, for the kernel's own log
   */
  public static synchronized PrintStream install() {
    if (processOut == null) {
      // java.util.logging binds its console handler to System.err when first used: bind it now,
      // to the process's stream, so log lines never land in a cell.
      java.util.logging.Logger.getLogger("").getHandlers();
      processOut = System.out;
      processErr = System.err;
      System.setOut(routingStream(StreamName.STDOUT));
      System.setErr(routingStream(StreamName.STDERR));
      System.setIn(new RoutingInputStream());
    }
    return processErr;
  }

  /** The process's standard error as it was before {@link #install()}. */
  public static synchronized PrintStream processErr() {
    return processErr != null ? processErr : System.err;
  }

  private static PrintStream routingStream(StreamName name) {
    return new PrintStream(new RoutingOutputStream(name), true, StandardCharsets.UTF_8);
  }

  /** Bytes from {@code System.out}/{@code err}, forwarded to the writing thread's cell. */
  private static final class RoutingOutputStream extends OutputStream {
    private final StreamName name;

    RoutingOutputStream(StreamName name) {
      this.name = name;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      Cell cell = Cell.current();
      if (cell != null) {
        cell.output().write(name, bytes, offset, length);
      } else {
        (name == StreamName.STDOUT ? processOut : processErr).write(bytes, offset, length);
      }
    }
  }

  /** {@code System.in}: reads from the reading thread's cell. */
  private static final class RoutingInputStream extends InputStream {
    @Override
    public int read() {
      byte[] one = new byte[1];
      int count = read(one, 0, 1);
      return count < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, bytes.length);
      Cell cell = Cell.current();
      if (cell == null) {
        throw new IllegalStateException("stdin is only available while a cell runs");
      }
      return cell.input().read(bytes, offset, length);
    }

    @Override
    public int available() {
      Cell cell = Cell.current();
      return cell == null ? 0 : cell.input().available();
    }
  }
}
