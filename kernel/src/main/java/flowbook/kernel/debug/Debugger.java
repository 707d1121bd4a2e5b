package flowbook.kernel.debug;

import com.google.gson.JsonObject;
import java.util.function.Consumer;

/**
 * The debugger as the protocol layer sees it: a DAP request in, its response out, events on the
 * side.
 *
 * <ul>
 *   <li>{@link #handle} never throws and never waits for a running cell: every request gets exactly
 *       one response, before {@code handle} returns; a command it does not serve gets {@code
 *       success: false} with a message saying so. Events a request causes ({@code initialized}
 *       after {@code initialize}, a {@code stopped} that a continue or a step leads to) are
 *       published after its response.
 *   <li>Events ({@code stopped}, {@code initialized}, ...) go to the sink given to {@link
 *       #publishEventsTo}, from any thread.
 *   <li>{@link #resumeAll} lets every thread the debugger stopped go on; interrupt and shutdown
 *       call it first, so that a stopped cell can end.
 * </ul>
 */
public interface Debugger {
  /** Whether this kernel has a working debugger (what {@code kernel_info}'s debugger says). */
  boolean available();

  /**
   * Sends the DAP response to {@code request} (a {@code debug_request}'s content) to {@code reply}.
   */
  void handle(JsonObject request, Consumer<JsonObject> reply);

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
      public void handle(JsonObject request, Consumer<JsonObject> reply) {
        reply.accept(
            DapMessages.failure(request, "this kernel was started without the debugger: " + why));
      }

      @Override
      public void publishEventsTo(Consumer<JsonObject> sink) {}

      @Override
      public void resumeAll() {}
    };
  }
}
