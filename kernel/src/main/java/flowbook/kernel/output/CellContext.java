package flowbook.kernel.output;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.nio.charset.StandardCharsets;

/**
 * The output side of one cell: its two text streams and its displays, all going to one {@link
 * CellOutput} in the order they happened.
 *
 * <p>A context outlives its cell: threads the cell started keep writing to it after the reply.
 * Before any display, result or error goes out, pending stream text is flushed, so a line printed
 * before {@code display(x)} shows above it.
 */
public final class CellContext {
  private static final int RECENT_DISPLAY_IDS = 100;
  private final CellOutput output;
  private final Object order = new Object(); // serialises calls to output
  private final StreamBuffer stdout;
  private final StreamBuffer stderr;
  // The ids of the latest displays: enough to recognise a cell's final display(x) call, bounded
  // so that a cell displaying in a long loop does not keep every id.
  private final java.util.Set<String> displayIds =
      java.util.Collections.synchronizedSet(
          java.util.Collections.newSetFromMap(
              new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                  return size() > RECENT_DISPLAY_IDS;
                }
              }));

  /** A context whose outputs go to {@code output}. */
  public CellContext(CellOutput output) {
    this.output = output;
    this.stdout = new StreamBuffer(text -> publishStream(StreamName.STDOUT, text));
    this.stderr = new StreamBuffer(text -> publishStream(StreamName.STDERR, text));
  }

  /** Appends bytes (UTF-8) written to {@code name}. */
  public void write(StreamName name, byte[] bytes, int offset, int length) {
    buffer(name).write(bytes, offset, length);
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

  /** Sends the cell's value. */
  public void executeResult(int executionCount, DisplayData data) {
    flush();
    synchronized (order) {
      output.executeResult(executionCount, data);
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
