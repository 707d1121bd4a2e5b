package flowbook.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import flowbook.kernel.CellOutcome;
import flowbook.kernel.JShellKernel;
import flowbook.kernel.PagerPage;
import flowbook.kernel.cell.InputSource;
import flowbook.kernel.debug.Debugger;
import flowbook.kernel.editor.EditorHelp;
import flowbook.kernel.editor.History;
import flowbook.kernel.output.CellError;
import flowbook.kernel.output.CellOutput;
import flowbook.kernel.widget.Widgets;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The request handlers: each request of the Jupyter protocol (5.3) that comes on shell or control
 * becomes calls of the language hook {@link JShellKernel}, and its reply is built from what the
 * hook returns. They know no socket and no thread: {@link KernelServer} (the channels) hands them a
 * parsed {@link Message} and the {@link Replies} of the socket it came on, and publishes their
 * IOPub messages, as xeus's kernel core sits apart from its server. So they are tested without
 * ZeroMQ.
 *
 * <ul>
 *   <li>A cell's outputs go to IOPub as children of its {@code execute_request} ({@link
 *       IopubOutput}), all of them before its {@code execute_reply}; a {@code silent} cell
 *       publishes nothing.
 *   <li>A cell that fails with {@code stop_on_error} (the default) asks the channel to abort the
 *       executions waiting behind it before its reply goes out; {@link #abort} answers those.
 *   <li>Cursor offsets are code points on the wire (Jupyter counts them so) and chars towards
 *       JShell; text with characters outside the BMP (an emoji) keeps its cursors in place.
 *   <li>{@code kernel_info_request} is answered at once; the other requests wait for JShell to have
 *       started.
 *   <li>{@code shutdown_request}: the reply, the same content on IOPub (protocol 5.4 broadcasts
 *       it), an interrupt of the running cell, then the channels are told to stop.
 *   <li>A request the hook failed on still gets a reply ({@link #replyFailure}), so its client does
 *       not wait forever.
 * </ul>
 */
final class RequestHandlers {
  private static final Logger LOG = Logger.getLogger(RequestHandlers.class.getName());

  /** The socket a request came on, as the handlers see it. */
  interface Replies {
    /** Sends {@code content} as the {@code type} reply to {@code request}, to its sender. */
    void reply(Message request, String type, JsonObject content);

    /**
     * Called when a cell with {@code stop_on_error} failed, before its reply goes out: the execute
     * requests already waiting on this socket were sent without knowing of the failure and are to
     * be answered with {@link #abort} after it, so that "run all" stops at the first error (as in
     * IPython). Does nothing on a socket without that rule (control).
     */
    void abortWaitingExecutions();
  }

  private final CompletableFuture<JShellKernel> kernel;
  private final Iopub iopub;
  private final Function<Message, InputSource> stdin;
  private final Runnable shutdownReplied;
  private final Comms comms;
  private volatile Message latestCell; // the latest execute_request: the parent of widget messages
  private final Debugger debugger;
  private volatile Message lastDebugRequest; // the parent of debug events

  /** Handlers without a debugger: a {@code debug_request} gets an error reply saying so. */
  RequestHandlers(
      CompletableFuture<JShellKernel> kernel,
      Iopub iopub,
      Function<Message, InputSource> stdin,
      Runnable shutdownReplied) {
    this(
        kernel,
        iopub,
        stdin,
        shutdownReplied,
        Debugger.unavailable("no debugger was given to the request handlers"));
  }

  /**
   * Handlers calling {@code kernel} once it has started.
   *
   * @param iopub where cells' outputs and other broadcasts are published
   * @param stdin the input of the cell an {@code execute_request} runs
   * @param shutdownReplied run after a {@code shutdown_request} has been answered: stops the
   *     channels
   * @param debugger answers {@code debug_request}s (on control); its events go to IOPub
   */
  RequestHandlers(
      CompletableFuture<JShellKernel> kernel,
      Iopub iopub,
      Function<Message, InputSource> stdin,
      Runnable shutdownReplied,
      Debugger debugger) {
    this.kernel = kernel;
    this.iopub = iopub;
    this.stdin = stdin;
    this.shutdownReplied = shutdownReplied;
    this.comms = new Comms(iopub, () -> latestCell);
    this.debugger = debugger;
    debugger.publishEventsTo(event -> iopub.publish("debug_event", event, lastDebugRequest));
  }

  /**
   * Answers {@code request} through {@code replies}; comm messages and unsupported types get no
   * reply. Throws what the hook threw, unanswered: the caller answers with {@link #replyFailure}.
   */
  void handle(Message request, Replies replies) {
    String type = request.type();
    switch (type) {
      case "kernel_info_request" -> replies.reply(request, "kernel_info_reply", kernelInfo());
      case "execute_request" -> execute(request, replies);
      case "complete_request" -> replies.reply(request, "complete_reply", complete(request));
      case "inspect_request" -> replies.reply(request, "inspect_reply", inspect(request));
      case "is_complete_request" ->
          replies.reply(request, "is_complete_reply", isComplete(request));
      case "history_request" -> replies.reply(request, "history_reply", history(request));
      case "comm_info_request" -> replies.reply(request, "comm_info_reply", comms.info(request));
      case "interrupt_request" -> {
        interrupt();
        replies.reply(request, "interrupt_reply", ok());
      }
      case "shutdown_request" -> shutdown(request, replies);
      case "comm_open", "comm_msg", "comm_close" -> comms.handle(request);
      case "debug_request" -> {
        lastDebugRequest = request;
        debugger.handle(
            request.content(), response -> replies.reply(request, "debug_reply", response));
      }
      default -> LOG.warning("unsupported message type " + type);
    }
  }

  /** Answers an {@code execute_request} waiting behind a failed cell: {@code aborted}, not run. */
  void abort(Message request, Replies replies) {
    JsonObject content = new JsonObject();
    content.addProperty("status", "aborted");
    replies.reply(request, "execute_reply", content);
  }

  /**
   * Answers a request that {@code failure} stopped with an error reply of the matching type ({@code
   * x_request} gets {@code x_reply}); a message that is no request gets nothing. Never throws: a
   * reply that cannot be sent is logged.
   */
  void replyFailure(Message request, RuntimeException failure, Replies replies) {
    String type = request.type();
    if (!type.endsWith("_request")) {
      return;
    }
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    JsonObject content = new JsonObject();
    content.addProperty("status", "error");
    content.addProperty("ename", cause.getClass().getName());
    content.addProperty("evalue", String.valueOf(cause.getMessage()));
    content.add("traceback", Wire.gson().toJsonTree(List.of("the kernel failed: " + cause)));
    try {
      replies.reply(request, type.replace("_request", "_reply"), content);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "cannot even reply to " + type, e);
    }
  }

  /**
   * Connects the widgets ({@link Widgets}) to these handlers' comms: from now on widgets made in
   * cells open their comms here.
   *
   * @return closing it disconnects them
   */
  AutoCloseable connectWidgets() {
    return Widgets.connect(comms);
  }

  /**
   * Interrupts the running cell, as an {@code interrupt_request} does; JShell may be starting.
   * Threads the debugger holds stopped are resumed first, so that the cell can end.
   */
  void interrupt() {
    debugger.resumeAll();
    kernel.thenAccept(JShellKernel::interrupt);
  }

  private void execute(Message request, Replies replies) {
    String code = request.string("code", "");
    boolean silent = request.bool("silent", false);
    boolean storeHistory = !silent && request.bool("store_history", true);
    CellOutput output = silent ? CellOutput.DISCARD : new IopubOutput(iopub, request);
    JShellKernel hook = kernel.join();
    latestCell = request;
    CellOutcome outcome = hook.execute(code, output, stdin.apply(request), storeHistory);
    Widgets.flush(); // the cell's last widget changes go out before its reply
    JsonObject content =
        switch (outcome) {
          case CellOutcome.Completed completed -> {
            JsonObject ok = ok();
            ok.add("user_expressions", new JsonObject());
            ok.add("payload", Wire.gson().toJsonTree(payload(completed.pages())));
            yield ok;
          }
          case CellOutcome.Failed failed -> errorReply(failed.error());
          case CellOutcome.Interrupted interrupted -> errorReply(interrupted.error());
        };
    content.addProperty("execution_count", outcome.executionCount());
    if (!outcome.ok() && request.bool("stop_on_error", true)) {
      replies.abortWaitingExecutions();
    }
    replies.reply(request, "execute_reply", content);
  }

  /** The content of an {@code execute_reply} for a cell that {@code error} stopped. */
  private static JsonObject errorReply(CellError error) {
    JsonObject content = IopubOutput.errorContent(error);
    content.addProperty("status", "error");
    return content;
  }

  /** The pages as {@code payload} entries: their fields, the data as a MIME bundle. */
  private static List<Object> payload(List<PagerPage> pages) {
    return pages.stream()
        .map(
            page -> {
              JsonObject json = new JsonObject();
              page.payload()
                  .forEach(
                      (key, value) ->
                          json.add(
                              key,
                              value instanceof DisplayData data
                                  ? IopubOutput.bundle(data).get("data")
                                  : Wire.gson().toJsonTree(value)));
              return (Object) json;
            })
        .toList();
  }

  private JsonObject complete(Message request) {
    String code = request.string("code", "");
    EditorHelp.Completion completion = kernel.join().complete(code, cursor(request, code));
    JsonObject content = ok();
    content.add("matches", Wire.gson().toJsonTree(completion.matches()));
    content.addProperty("cursor_start", codePointOffset(code, completion.start()));
    content.addProperty("cursor_end", codePointOffset(code, completion.end()));
    content.add("metadata", new JsonObject());
    return content;
  }

  private JsonObject inspect(Message request) {
    String code = request.string("code", "");
    var documentation = kernel.join().inspect(code, cursor(request, code));
    JsonObject content = ok();
    content.addProperty("found", documentation.isPresent());
    content.add(
        "data", documentation.map(d -> IopubOutput.bundle(d).get("data")).orElse(new JsonObject()));
    content.add("metadata", new JsonObject());
    return content;
  }

  private JsonObject isComplete(Message request) {
    EditorHelp.IsComplete verdict = kernel.join().isComplete(request.string("code", ""));
    JsonObject content = new JsonObject();
    content.addProperty("status", verdict.status());
    if (EditorHelp.IsComplete.INCOMPLETE.equals(verdict.status())) {
      content.addProperty("indent", verdict.indent());
    }
    return content;
  }

  private JsonObject history(Message request) {
    History history = kernel.join().history();
    boolean withOutput = request.bool("output", false);
    List<History.Entry> entries =
        switch (request.string("hist_access_type", "tail")) {
          case "range" ->
              history.range(
                  request.integer("session", 0),
                  request.integer("start", 0),
                  request.integer("stop", 0));
          case "search" ->
              history.search(
                  request.string("pattern", "*"),
                  request.integer("n", 0),
                  request.bool("unique", false));
          default -> history.tail(request.integer("n", 10));
        };
    JsonArray list = new JsonArray();
    for (History.Entry entry : entries) {
      JsonArray item = new JsonArray();
      item.add(entry.session());
      item.add(entry.line());
      if (withOutput) {
        JsonArray inputOutput = new JsonArray();
        inputOutput.add(entry.input());
        inputOutput.add((String) null);
        item.add(inputOutput);
      } else {
        item.add(entry.input());
      }
      list.add(item);
    }
    JsonObject content = ok();
    content.add("history", list);
    return content;
  }

  private JsonObject kernelInfo() {
    JsonObject language = new JsonObject();
    language.addProperty("name", "java");
    language.addProperty("version", Runtime.version().toString());
    language.addProperty("mimetype", "text/x-java");
    language.addProperty("file_extension", ".jshell");
    language.addProperty("pygments_lexer", "java");
    language.addProperty("codemirror_mode", "text/x-java");
    JsonObject content = ok();
    // `debugger` tells JupyterLab whether to offer its debugger (debug_request is answered either
    // way, with an error reply when there is none).
    content.addProperty("protocol_version", Wire.PROTOCOL_VERSION);
    content.addProperty("debugger", debugger.available());
    content.addProperty("implementation", "flowbook");
    content.addProperty("implementation_version", implementationVersion());
    content.add("language_info", language);
    content.addProperty(
        "banner",
        "Flowbook: Java "
            + Runtime.version().feature()
            + " with JShell and async generators (flowbook.asyncgen)");
    content.add("help_links", new JsonArray());
    return content;
  }

  private static String implementationVersion() {
    String version = RequestHandlers.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0" : version;
  }

  private void shutdown(Message request, Replies replies) {
    boolean restart = request.bool("restart", false);
    JsonObject content = ok();
    content.addProperty("restart", restart);
    replies.reply(request, "shutdown_reply", content);
    iopub.publish("shutdown_reply", content, request); // protocol 5.4 also broadcasts it
    interrupt();
    shutdownReplied.run();
  }

  private static JsonObject ok() {
    JsonObject content = new JsonObject();
    content.addProperty("status", "ok");
    return content;
  }

  /** The request's {@code cursor_pos} (code points, the end of the code by default) as chars. */
  private static int cursor(Message request, String code) {
    return charOffset(code, request.integer("cursor_pos", code.codePointCount(0, code.length())));
  }

  /** The char offset of code point offset {@code codePoints} (Jupyter counts code points). */
  private static int charOffset(String code, int codePoints) {
    int total = code.codePointCount(0, code.length());
    return code.offsetByCodePoints(0, Math.max(0, Math.min(codePoints, total)));
  }

  private static int codePointOffset(String code, int chars) {
    return code.codePointCount(0, Math.max(0, Math.min(chars, code.length())));
  }
}
