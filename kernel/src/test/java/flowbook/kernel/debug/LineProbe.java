package flowbook.kernel.debug;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Called from cells in tests: records where in JShell's wrapper class the call came from. */
public final class LineProbe {
  /** The calling frames: class name and the line of the wrapper source, as bytecode says. */
  public static final List<StackWalker.StackFrame> HITS = new CopyOnWriteArrayList<>();

  private LineProbe() {}

  /** Records the caller's frame. */
  public static void hit() {
    HITS.add(StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst().orElseThrow()));
  }

  /** Records the caller's frame and returns 1. */
  public static int hitValue() {
    HITS.add(StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst().orElseThrow()));
    return 1;
  }
}
