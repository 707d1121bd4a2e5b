package flowbook.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import flowbook.kernel.CellOutcome;
import flowbook.kernel.JShellKernel;
import flowbook.kernel.PagerPage;
import flowbook.kernel.editor.EditorHelp;
import flowbook.kernel.editor.History;
import flowbook.kernel.output.CellError;
import flowbook.kernel.output.CellOutput;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The Jupyter side of the kernel: binds the five sockets of a connection file and answers the
 * messages of the Jupyter protocol (5.3) with a {@link JShellKernel}.
 *
 * <ul>
 *   <li>Shell and control each have a thread blocked in a ZeroMQ poll, so a request is handled the
 *       moment it arrives. Cells run on the shell thread, one at a time; {@code interrupt_request}
 *       and {@code shutdown_request} come on control and are answered while a cell runs.
 *   <li>Messages with a wrong or missing signature are dropped with a log line (see {@link Wire});
 *       the loops go on.
 *   <li>Sockets bind to the connection file's IP only.
 *   <li>{@code kernel_info_request} is answered before JShell has started: JShell starts in the
 *       background, and requests that need it wait for it.
 *   <li>After {@code shutdown_request} the process exits within a second.
 *   <li>When a thread the sockets depend on dies (jeromq's I/O thread, a channel loop), the process
 *       exits with status {@link TransportGuard#EXIT_STATUS}, so that Jupyter starts a new kernel
 *       instead of keeping one that never answers.
 * </ul>
 */
public final class KernelServer {
  private static final Logger LOG = Logger.getLogger(KernelServer.class.getName());
  private static final int POLL_MILLIS = 200; // how often the loops look at the running flag
  private static final int LINGER_MILLIS = 300; // time to deliver the last replies on close

  private final ConnectionInfo connection;
  private final Wire wire;
  private final ZContext context = new ZContext();
  private final ZMQ.Socket shell;
  private final ZMQ.Socket control;
  private final ZMQ.Socket stdin; // used by the StdinChannel's thread only
  private final ZMQ.Socket iopub; // guarded by itself: any thread publishes
  private final ZMQ.Socket heartbeat;
  private final CompletableFuture<JShellKernel> kernel = new CompletableFuture<>();
  private final Supplier<JShellKernel> kernelFactory;
  private final CountDownLatch shutdownRequested = new CountDownLatch(1);
  private final TransportFault fault = TransportFault.fromSystemProperty();
  private final Comms comms = new Comms(this::publish);
  private StdinChannel stdinChannel; // made on start
  private volatile boolean running = true;
  private List<Message> queuedBehindFailure = List.of(); // shell thread only: see abortQueued
  private Thread[] threads = new Thread[0];

  /** A server for {@code connection}; JShell is made by {@code kernelFactory} on start. */
  public KernelServer(ConnectionInfo connection, Supplier<JShellKernel> kernelFactory)
      throws GeneralSecurityException {
    this.connection = connection;
    this.wire = new Wire(connection.signer(), connection.signed());
    this.kernelFactory = kernelFactory;
    // Before the first socket: jeromq starts its I/O threads with the handler set then.
    context.setUncaughtExceptionHandler(TransportGuard.exitWhenDead(() -> running));
    fault.install(context);
    this.shell = context.createSocket(SocketType.ROUTER);
    this.control = context.createSocket(SocketType.ROUTER);
    this.stdin = context.createSocket(SocketType.ROUTER);
    this.iopub = context.createSocket(SocketType.PUB);
    this.heartbeat = context.createSocket(SocketType.REP);
  }

  /** Binds the sockets, announces {@code starting}, and starts the loops and JShell. */
  public void start() {
    var properties = connection.properties();
    bind(shell, properties.getShellPort());
    bind(control, properties.getControlPort());
    bind(stdin, properties.getStdinPort());
    bind(iopub, properties.getIopubPort());
    bind(heartbeat, properties.getHbPort());
    publishStatus("starting", null);
    stdinChannel = new StdinChannel(stdin, wire);
    threads =
        new Thread[] {
          loop("flowbook-shell", () -> serve(shell)),
          loop("flowbook-control", () -> serve(control)),
          loop("flowbook-heartbeat", this::echoHeartbeats),
        };
    Thread.ofPlatform()
        .daemon()
        .name("flowbook-jshell-start")
        .start(
            () -> {
              try {
                kernel.complete(kernelFactory.get());
              } catch (Throwable e) {
                LOG.log(Level.SEVERE, "JShell did not start", e);
                kernel.completeExceptionally(e);
              }
            });
  }

  /** Waits for a {@code shutdown_request} (its reply has been sent when this returns). */
  public void awaitShutdownRequest() throws InterruptedException {
    shutdownRequested.await();
  }

  /**
   * Stops the loops, closes the sockets (giving the last replies a moment to go out) and ends the
   * JShell session; takes well under a second. Threads that cells started are not stopped: the
   * caller exits the process.
   */
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(POLL_MILLIS * 2L);
    }
    if (stdinChannel != null) {
      stdinChannel.close();
    }
    Thread closer = Thread.ofPlatform().daemon().start(context::close);
    closer.join(LINGER_MILLIS + 100L);
    JShellKernel started = kernel.getNow(null);
    if (started != null) {
      started.close();
    }
  }

  /** Publishes {@code content} as a {@code type} message on IOPub, child of {@code parent}. */
  void publish(String type, Object content, Message parent) {
    synchronized (iopub) {
      if (running || "status".equals(type) || "shutdown_reply".equals(type)) {
        wire.send(
            iopub,
            List.of(type.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            type,
            content,
            parent);
      }
    }
  }

  private void bind(ZMQ.Socket socket, int port) {
    socket.setLinger(LINGER_MILLIS);
    String address = connection.address(port);
    socket.bind(address);
    LOG.fine("bound " + address);
  }

  /* A cell that fills the heap and keeps holding it makes even the kernel's own small
   * allocations fail. A loop thread that dies of it leaves the kernel deaf while the user could
   * still free the memory or interrupt the cell, so the loop starts over instead. */
  private Thread loop(String name, Runnable body) {
    return Thread.ofPlatform()
        .name(name)
        .inheritInheritableThreadLocals(false)
        .uncaughtExceptionHandler(TransportGuard.exitWhenDead(() -> running))
        .start(
            () -> {
              while (running) {
                try {
                  body.run();
                  return;
                } catch (OutOfMemoryError e) {
                  pauseAfterOutOfMemory();
                }
              }
            });
  }

  private static void pauseAfterOutOfMemory() {
    try {
      Thread.sleep(POLL_MILLIS); // give the cell's thread the chance to let go of the memory
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void echoHeartbeats() {
    heartbeat.setReceiveTimeOut(POLL_MILLIS);
    while (running) {
      byte[] ping = heartbeat.recv(0);
      if (ping != null) {
        heartbeat.send(ping, 0);
      }
    }
  }

  /* A blocking receive with a timeout wakes the moment a message arrives (no polling sleep);
   * the timeout only bounds how long a shutdown waits for the loop to notice. */
  private void serve(ZMQ.Socket socket) {
    socket.setReceiveTimeOut(POLL_MILLIS);
    while (running) {
      Optional<Message> message = wire.read(socket);
      if (message.isEmpty()) {
        continue;
      }
      try {
        handle(socket, message.get());
        if (!queuedBehindFailure.isEmpty()) {
          abortQueued(socket);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "failed to handle " + message.get().type(), e);
        replyFailure(socket, message.get(), e);
      } catch (OutOfMemoryError e) {
        // the heap is full (a cell holds it); answer the request so its client does not hang
        replyFailure(socket, message.get(), new IllegalStateException("out of memory", e));
      }
    }
  }

  private void handle(ZMQ.Socket socket, Message request) {
    String type = request.type();
    publishStatus("busy", request);
    try {
      switch (type) {
        case "kernel_info_request" -> reply(socket, request, "kernel_info_reply", kernelInfo());
        case "execute_request" -> execute(socket, request);
        case "complete_request" -> reply(socket, request, "complete_reply", complete(request));
        case "inspect_request" -> reply(socket, request, "inspect_reply", inspect(request));
        case "is_complete_request" ->
            reply(socket, request, "is_complete_reply", isComplete(request));
        case "history_request" -> reply(socket, request, "history_reply", history(request));
        case "comm_info_request" -> reply(socket, request, "comm_info_reply", comms.info(request));
        case "interrupt_request" -> {
          interrupt();
          reply(socket, request, "interrupt_reply", ok());
        }
        case "shutdown_request" -> shutdown(socket, request);
        case "comm_open", "comm_msg", "comm_close" -> comms.handle(request);
        default -> LOG.warning("unsupported message type " + type);
      }
    } finally {
      publishStatus("idle", request);
    }
  }

  private void execute(ZMQ.Socket socket, Message request) {
    String code = request.string("code", "");
    boolean silent = request.bool("silent", false);
    boolean storeHistory = !silent && request.bool("store_history", true);
    CellOutput output = silent ? CellOutput.DISCARD : new IopubOutput(this, request);
    CellOutcome outcome =
        kernel.join().execute(code, output, stdinChannel.sourceFor(request), storeHistory);
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
    if (!outcome.ok() && request.bool("stop_on_error", true) && socket == shell) {
      queuedBehindFailure = takeQueued(socket);
    }
    reply(socket, request, "execute_reply", content);
    fault.cellReplied();
  }

  /**
   * The messages already waiting on {@code socket}. Taken before the failed cell's reply goes out,
   * so they are exactly the ones the client sent without knowing of the failure.
   */
  private List<Message> takeQueued(ZMQ.Socket socket) {
    List<Message> queued = new java.util.ArrayList<>();
    socket.setReceiveTimeOut(0);
    try {
      while (socket.hasReceiveMore() || (socket.getEvents() & ZMQ.Poller.POLLIN) != 0) {
        wire.read(socket).ifPresent(queued::add);
      }
    } finally {
      socket.setReceiveTimeOut(POLL_MILLIS);
    }
    return queued;
  }

  /**
   * Answers the execute requests that were queued behind a failed cell with {@code aborted}, as
   * IPython does, so "run all" stops at the first error; other requests are handled as usual.
   */
  private void abortQueued(ZMQ.Socket socket) {
    List<Message> queued = queuedBehindFailure;
    queuedBehindFailure = List.of();
    for (Message request : queued) {
      if (!"execute_request".equals(request.type())) {
        handle(socket, request);
        continue;
      }
      publishStatus("busy", request);
      JsonObject content = new JsonObject();
      content.addProperty("status", "aborted");
      reply(socket, request, "execute_reply", content);
      publishStatus("idle", request);
    }
  }

  /** Interrupts the running cell, as an {@code interrupt_request} does. */
  public void interrupt() {
    kernel.thenAccept(JShellKernel::interrupt);
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
    int cursor =
        charOffset(code, request.integer("cursor_pos", code.codePointCount(0, code.length())));
    EditorHelp.Completion completion = kernel.join().complete(code, cursor);
    JsonObject content = ok();
    content.add("matches", Wire.gson().toJsonTree(completion.matches()));
    content.addProperty("cursor_start", codePointOffset(code, completion.start()));
    content.addProperty("cursor_end", codePointOffset(code, completion.end()));
    content.add("metadata", new JsonObject());
    return content;
  }

  private JsonObject inspect(Message request) {
    String code = request.string("code", "");
    int cursor =
        charOffset(code, request.integer("cursor_pos", code.codePointCount(0, code.length())));
    var documentation = kernel.join().inspect(code, cursor);
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

  private static JsonObject kernelInfo() {
    JsonObject language = new JsonObject();
    language.addProperty("name", "java");
    language.addProperty("version", Runtime.version().toString());
    language.addProperty("mimetype", "text/x-java");
    language.addProperty("file_extension", ".jshell");
    language.addProperty("pygments_lexer", "java");
    language.addProperty("codemirror_mode", "text/x-java");
    JsonObject content = ok();
    // 5.3, not 5.4: 5.4 adds the debug_request/debug_event messages, which this kernel does not
    // answer; `debugger: false` tells JupyterLab not to offer its debugger.
    content.addProperty("protocol_version", Wire.PROTOCOL_VERSION);
    content.addProperty("debugger", false);
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
    String version = KernelServer.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0" : version;
  }

  private void shutdown(ZMQ.Socket socket, Message request) {
    boolean restart = request.bool("restart", false);
    JsonObject content = ok();
    content.addProperty("restart", restart);
    reply(socket, request, "shutdown_reply", content);
    publish("shutdown_reply", content, request); // protocol 5.4 also broadcasts it
    kernel.thenAccept(JShellKernel::interrupt);
    running = false;
    shutdownRequested.countDown();
  }

  /* A request the kernel failed on still gets a reply, so the client does not wait forever. */
  private void replyFailure(ZMQ.Socket socket, Message request, RuntimeException failure) {
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
      reply(socket, request, type.replace("_request", "_reply"), content);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "cannot even reply to " + type, e);
    }
  }

  private void reply(ZMQ.Socket socket, Message request, String type, JsonObject content) {
    synchronized (socket) {
      wire.send(socket, request.identities(), type, content, request);
    }
  }

  private void publishStatus(String state, Message parent) {
    JsonObject content = new JsonObject();
    content.addProperty("execution_state", state);
    publish("status", content, parent);
  }

  private static JsonObject ok() {
    JsonObject content = new JsonObject();
    content.addProperty("status", "ok");
    return content;
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
