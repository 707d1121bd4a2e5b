package flowbook.kernel.output;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The output side of one cell ({@link flowbook.kernel.cell.Cell} owns one): its two text streams,
 * its displays and its value, all going to one {@link CellOutput} in the order they happened.
 *
 * <p>A context outlives its cell: threads the cell started keep writing to it after the reply.
 * Before any display, result or error goes out, pending stream text is flushed, so a line printed
 * before {@code display(x)} shows above it. The cell's value is held until {@link #finish()}, so it
 * comes after everything the cell printed, also what a magic prints after running the code ({@code
 * %time}'s timings), as in IPython.
 *
 * <p>The text of both streams together is capped ({@link OutputLimit}): past the cap, writes return
 * at once and their text is dropped (the cell keeps running), and {@link #finish()} adds one line
 * to {@code stderr} saying how much was dropped and how to raise the cap.
 */
public final class CellContext {
  private static final int RECENT_DISPLAY_IDS = 100;
  private final CellOutput output;
  private final int executionCount;
  private final Object order = new Object(); // serialises calls to output
  private final StreamBuffer stdout;
  private final StreamBuffer stderr;
  private final long limitBytes; // of stream text; OutputLimit.UNLIMITED for none
  private final AtomicLong written = new AtomicLong(); // stream bytes offered, kept or not
  private final AtomicLong dropped = new AtomicLong(); // stream bytes dropped past the limit
  // The ids of the latest displays: enough to recognise a cell's final display(x) call, bounded
  // so that a cell displaying in a long loop does not keep every id.
  private DisplayData result; // guarded by order: the value, held until finish()
  private final java.util.Set<String> displayIds =
      java.util.Collections.synchronizedSet(
          java.util.Collections.newSetFromMap(
              new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                  return size() > RECENT_DISPLAY_IDS;
                }
              }));

  /**
   * The context of cell {@code executionCount}, whose outputs go to {@code output}; stream text
   * beyond {@code limitBytes} (both streams together; {@link OutputLimit#UNLIMITED} for no limit)
   * is dropped.
   */
  public CellContext(CellOutput output, int executionCount, long limitBytes) {
    this.output = output;
    this.executionCount = executionCount;
    this.limitBytes = limitBytes;
    this.stdout = new StreamBuffer(text -> publishStream(StreamName.STDOUT, text));
    this.stderr = new StreamBuffer(text -> publishStream(StreamName.STDERR, text));
  }

  /** Appends bytes (UTF-8) written to {@code name}; past the limit they are counted and dropped. */
  public void write(StreamName name, byte[] bytes, int offset, int length) {
    long before = written.getAndAdd(length);
    long room = limitBytes - before;
    if (room >= length) {
      buffer(name).write(bytes, offset, length);
      return;
    }
    if (room > 0) {
      buffer(name).write(bytes, offset, (int) room);
    }
    dropped.addAndGet(length - Math.max(0, room));
  }

  /** Appends text to {@code name}. */
  public void print(StreamName name, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(name, bytes, 0, bytes.length);
  }

  /**
   * True when {@code value} is the id of a display this cell created: a cell ending in {@code
   * display(x)} shows {@code x}, not also the id that call returned.
   */
  public boolean isOwnDisplayId(Object value) {
    return value instanceof String id && displayIds.contains(id);
  }

  /** Sends out all pending stream text, partial lines included. */
  public void flush() {
    stdout.flush();
    stderr.flush();
  }

  /**
   * Ends the cell's output: sends pending stream text, the cell's value if it has one, and, if the
   * limit dropped some text, one line on {@code stderr} saying how much and how to raise the limit.
   * Text written later (by threads the cell started) still goes out up to the limit.
   */
  public void finish() {
    flush();
    synchronized (order) {
      if (result != null) {
        output.executeResult(executionCount, result);
        result = null;
      }
    }
    long lost = dropped.get();
    if (lost > 0) {
      byte[] line =
          ("[output limit] "
                  + OutputLimit.format(lost)
                  + " of output dropped: this cell reached the limit of "
                  + OutputLimit.format(limitBytes)
                  + "; raise it with %outputLimit SIZE (e.g. %outputLimit 50MB) or "
                  + OutputLimit.VARIABLE
                  + " in the kernelspec's env\n")
              .getBytes(StandardCharsets.UTF_8);
      stderr.write(line, 0, line.length);
      stderr.flush();
    }
  }

  /** Shows {@code data} as a new output ({@code display_data}). */
  public void display(DisplayData data) {
    if (data.hasDisplayId()) {
      displayIds.add(data.getDisplayId());
    }
    flush();
    synchronized (order) {
      output.display(data);
    }
  }

  /** Replaces the output that has {@code data}'s display id ({@code update_display_data}). */
  public void updateDisplay(DisplayData data) {
    flush();
    synchronized (order) {
      output.updateDisplay(data);
    }
  }

  /** Clears the cell's output, at once or ({@code wait}) when the next output arrives. */
  public void clearOutput(boolean wait) {
    flush();
    synchronized (order) {
      output.clearOutput(wait);
    }
  }

  /**
   * Sets the cell's value ({@code execute_result}), sent by {@link #finish()}; a later value
   * replaces an earlier one.
   */
  public void result(DisplayData data) {
    synchronized (order) {
      result = data;
    }
  }

  /** Sends an error. */
  public void error(CellError error) {
    flush();
    synchronized (order) {
      output.error(error);
    }
  }

  private void publishStream(StreamName name, String text) {
    synchronized (order) {
      output.stream(name, text);
    }
  }

  private StreamBuffer buffer(StreamName name) {
    return name == StreamName.STDOUT ? stdout : stderr;
  }
}
