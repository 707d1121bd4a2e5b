package flowbook.kernel;

import flowbook.kernel.output.RecordingOutput;

/**
 * A cell run by {@link JShellKernel#eval(String)}: its outcome and everything it showed. The output
 * keeps growing when threads the cell started write later.
 *
 * @param outcome how the cell ended
 * @param output its outputs
 */
public record CellRecord(CellOutcome outcome, RecordingOutput output) {}
