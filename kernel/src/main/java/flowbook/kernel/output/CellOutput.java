package flowbook.kernel.output;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/**
 * Where everything a cell shows goes, in the order the user should see it. The protocol layer
 * publishes each call as an IOPub message under the cell's request; tests record the calls.
 *
 * <p>Calls may come from any thread, also after the cell has replied (output of a generator the
 * cell started); implementations must be thread-safe. The kernel serialises the calls made for one
 * cell, so an implementation sees them in order.
 */
public interface CellOutput {
  /** The cell got its execution count and is about to run (IOPub {@code execute_input}). */
  default void started(int executionCount, String code) {}

  /** Text written to {@code stdout} or {@code stderr}; whole lines where possible. */
  void stream(StreamName name, String text);

  /** A {@code display_data} message; the data may carry a display id in its transient part. */
  void display(DisplayData data);

  /** An {@code update_display_data} message; the data carries the display id to update. */
  void updateDisplay(DisplayData data);

  /** A {@code clear_output} message; with {@code wait} the front end clears on next output. */
  void clearOutput(boolean wait);

  /** The cell's value ({@code execute_result}). */
  void executeResult(int executionCount, DisplayData data);

  /** The cell failed ({@code error}); the same error is also returned in the reply. */
  void error(CellError error);

  /** Drops everything: the output of a {@code silent} request, or of a measurement. */
  CellOutput DISCARD =
      new CellOutput() {
        @Override
        public void stream(StreamName name, String text) {}

        @Override
        public void display(DisplayData data) {}

        @Override
        public void updateDisplay(DisplayData data) {}

        @Override
        public void clearOutput(boolean wait) {}

        @Override
        public void executeResult(int executionCount, DisplayData data) {}

        @Override
        public void error(CellError error) {}
      };
}
