package flowbook.kernel.protocol;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands each shell request to one of two lanes, so that controls act while a cell runs:
 *
 * <ul>
 *   <li>the <b>cell lane</b> ({@code execute_request} and every request that needs JShell: {@code
 *       complete}, {@code inspect}, {@code is_complete}, {@code history}, ...), one at a time in
 *       arrival order, as before;
 *   <li>the <b>comm lane</b> ({@code comm_open}, {@code comm_msg}, {@code comm_close}, {@code
 *       comm_info_request}, and {@code kernel_info_request}, which needs no JShell and which
 *       JupyterLab sends on reconnect), one at a time in arrival order, also while a cell runs.
 * </ul>
 *
 * Status: each request gets {@code busy} and {@code idle} with itself as parent. After a comm-lane
 * request, or a control request (the kernel's control loop calls {@link #publishIdleBesideCells}),
 * handled while a cell-lane request runs, {@code busy} again with the running request as parent, so
 * the front end does not show idle mid-cell.
 */
/* Ordering rules:
 *   1. Requests of one lane are handled in the order the shell loop read them; the lanes do not
 *      wait for each other (a comm message sent after an execute_request is handled while that
 *      cell runs).
 *   2. The comm lane runs no user code: widget callbacks go to the widget's own callback thread
 *      (flowbook.kernel.widget), so a callback that hangs stops neither later comm messages nor
 *      cells, and an interrupt (which reaches the cell's thread only) leaves the lane alone.
 *   3. Status: the cell lane's busy/idle and the comm lane's "idle, then busy again for the running
 *      request" are published under one lock that also guards `running`, so a cell's idle is never
 *      followed by a stale busy for it.
 *   4. "Run all" stops at the first error: a failed cell with stop_on_error first asks the shell
 *      loop to read what has arrived (drainSocket), then every execute_request queued in the cell
 *      lane at that moment is answered "aborted" instead of running; other requests run as usual.
 * Sockets: none here. Replies go through the channel's Replies (the shell loop's outbox), status
 * through Iopub, both callable from any thread. */
final class ShellDispatcher {
  private static final Logger LOG = Logger.getLogger(ShellDispatcher.class.getName());
  private static final int POLL_MILLIS = 200; // how often an idle lane looks at the running flag

  private final RequestHandlers handlers;
  private final RequestHandlers.Replies socket;
  private final Iopub iopub;
  private final Runnable drainSocket;
  private final Consumer<Message> cellHandled;
  private final BlockingQueue<Message> cells = new LinkedBlockingQueue<>();
  private final BlockingQueue<Message> comms = new LinkedBlockingQueue<>();
  private final Set<Message> toAbort = Collections.synchronizedSet(newIdentitySet());
  private final Object statusLock = new Object();
  private Message running; // the cell lane's request being handled; guarded by statusLock
  private volatile boolean open = true;

  /**
   * A dispatcher answering through {@code socket}.
   *
   * @param drainSocket reads every message that has arrived on the socket into {@link #accept}
   *     before returning (the shell loop does it on its own thread)
   * @param cellHandled called after each cell-lane request was answered
   */
  ShellDispatcher(
      RequestHandlers handlers,
      RequestHandlers.Replies socket,
      Iopub iopub,
      Runnable drainSocket,
      Consumer<Message> cellHandled) {
    this.handlers = handlers;
    this.socket = socket;
    this.iopub = iopub;
    this.drainSocket = drainSocket;
    this.cellHandled = cellHandled;
  }

  /** Whether {@code type} goes to the comm lane. */
  static boolean isCommLane(String type) {
    return switch (type) {
      case "comm_open", "comm_msg", "comm_close", "comm_info_request", "kernel_info_request" ->
          true;
      default -> false;
    };
  }

  /**
   * Starts the two lanes' threads with {@code starter} (name, body), which restarts or guards them
   * as the channels' loops are.
   */
  void start(BiFunction<String, Runnable, Thread> starter) {
    starter.apply("flowbook-cells", () -> serve(cells, true));
    starter.apply("flowbook-comms", () -> serve(comms, false));
  }

  /** Queues {@code request} on its lane; returns at once. Called by the shell loop. */
  void accept(Message request) {
    (isCommLane(request.type()) ? comms : cells).add(request);
  }

  /** Stops the lanes within {@link #POLL_MILLIS}; requests still queued are dropped. */
  void close() {
    open = false;
  }

  private void serve(BlockingQueue<Message> lane, boolean cellLane) {
    while (open) {
      Message request;
      try {
        request = lane.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        continue; // an interrupt meant for a cell that has just ended: not for the lane
      }
      if (request == null) {
        continue;
      }
      Thread.interrupted(); // likewise: a late interrupt must not hit the next cell
      if (cellLane) {
        handleCell(request);
      } else {
        handleComm(request);
      }
    }
  }

  private void handleCell(Message request) {
    synchronized (statusLock) {
      running = request;
      publishStatus("busy", request);
    }
    try {
      if (toAbort.remove(request)) {
        handlers.abort(request, socket);
      } else {
        answer(request, cellReplies);
        cellHandled.accept(request);
      }
    } finally {
      synchronized (statusLock) {
        running = null;
        publishStatus("idle", request);
      }
    }
  }

  private void handleComm(Message request) {
    publishBusyBesideCells(request);
    try {
      answer(request, socket);
    } finally {
      publishIdleBesideCells(request);
    }
  }

  /** Busy for {@code request}, handled beside the cell lane: a comm message, a control request. */
  void publishBusyBesideCells(Message request) {
    publishStatus("busy", request);
  }

  /**
   * Idle for {@code request}, handled beside the cell lane, then busy again for the cell running
   * meanwhile, if any: front ends show one kernel status whatever its parent, and must not show
   * idle mid-cell (JupyterLab's, while the debugger holds a cell at a breakpoint, included).
   */
  void publishIdleBesideCells(Message request) {
    synchronized (statusLock) {
      publishStatus("idle", request);
      if (running != null) {
        publishStatus("busy", running);
      }
    }
  }

  private void answer(Message request, RequestHandlers.Replies replies) {
    try {
      handlers.handle(request, replies);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "failed to handle " + request.type(), e);
      handlers.replyFailure(request, e, replies);
    } catch (OutOfMemoryError e) {
      // the heap is full (a cell holds it); answer the request so its client does not hang
      handlers.replyFailure(request, new IllegalStateException("out of memory", e), replies);
    }
  }

  /* The cell lane's view of the socket: replies as any, plus "abort what waits". */
  private final RequestHandlers.Replies cellReplies =
      new RequestHandlers.Replies() {
        @Override
        public void reply(Message request, String type, com.google.gson.JsonObject content) {
          socket.reply(request, type, content);
        }

        @Override
        public void abortWaitingExecutions() {
          drainSocket.run();
          List<Message> waiting = List.copyOf(cells);
          for (Message request : waiting) {
            if ("execute_request".equals(request.type())) {
              toAbort.add(request);
            }
          }
        }
      };

  private void publishStatus(String state, Message parent) {
    com.google.gson.JsonObject content = new com.google.gson.JsonObject();
    content.addProperty("execution_state", state);
    iopub.publish("status", content, parent);
  }

  private static Set<Message> newIdentitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }
}
