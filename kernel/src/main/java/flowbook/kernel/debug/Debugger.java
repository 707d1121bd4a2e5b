package flowbook.kernel.debug;

import com.google.gson.JsonObject;
import java.util.function.Consumer;

/**
 * The debugger as the protocol layer sees it: a DAP request in, its response out, events on the
 * side.
 *
 * <ul>
 *   <li>{@link #handle} never throws and never waits for a running cell: every request gets a
 *       response, a command it does not serve gets {@code success: false} with a message saying so.
 *   <li>Events ({@code stopped}, {@code initialized}, ...) go to the sink given to {@link
 *       #publishEventsTo}, from any thread.
 *   <li>{@link #resumeAll} lets every thread the debugger stopped go on; interrupt and shutdown
 *       call it first, so that a stopped cell can end.
 * </ul>
 */
public interface Debugger {
  /** Whether this kernel has a working debugger (what {@code kernel_info}'s debugger says). */
  boolean available();

  /** The DAP response to {@code request} (a {@code debug_request}'s content). */
  JsonObject handle(JsonObject request);

  /**
   * Where DAP events go (as {@code debug_event} content); before this is called they are dropped.
   */
  void publishEventsTo(Consumer<JsonObject> sink);

  /** Resumes every thread the debugger holds stopped; returns at once. */
  void resumeAll();

  /** A debugger that answers every request with an error saying {@code why} there is none. */
  static Debugger unavailable(String why) {
    return new Debugger() {
      @Override
      public boolean available() {
        return false;
      }

      @Override
      public JsonObject handle(JsonObject request) {
        return DapMessages.failure(request, "this kernel was started without the debugger: " + why);
      }

      @Override
      public void publishEventsTo(Consumer<JsonObject> sink) {}

      @Override
      public void resumeAll() {}
    };
  }
}
