package flowbook.kernel.protocol;

import com.google.gson.JsonObject;
import flowbook.kernel.JShellKernel;
import flowbook.kernel.cell.KernelThreads;
import flowbook.kernel.debug.Debugger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
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
 * The channels of the kernel: binds the five sockets of a connection file, runs their loops, and
 * hands each request to the {@link RequestHandlers}, which answer it with a {@link JShellKernel}.
 *
 * <ul>
 *   <li>Shell and control each have a thread blocked in a ZeroMQ poll, so a request is handled the
 *       moment it arrives. Cells run on the shell thread, one at a time; {@code interrupt_request}
 *       and {@code shutdown_request} come on control and are answered while a cell runs.
 *   <li>Every message handled is framed by {@code busy} and {@code idle} on IOPub.
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
/* What this class owns: the ZeroMQ context and sockets, signing (Wire), the TransportGuard and the
 * test's TransportFault, status publishing, and these threads:
 *   flowbook-shell      reads shell requests and runs them (cells run here, one at a time);
 *   flowbook-control    reads control requests (interrupt, shutdown) while a cell runs;
 *   flowbook-heartbeat  echoes the front end's heartbeats;
 *     (these three are restarted after an OutOfMemoryError, see loop; any other death ends the
 *     process through TransportGuard)
 *   flowbook-jshell-start  makes the JShellKernel once, so kernel_info is answered meanwhile;
 *   a short-lived closer   closes the context on close(), bounded by the linger time.
 * The stdin socket's thread belongs to StdinChannel. The JSON of requests and replies is the
 * RequestHandlers' business: they see a socket only as its RequestHandlers.Replies. */
public final class KernelServer {
  private static final Logger LOG = Logger.getLogger(KernelServer.class.getName());
  private static final int POLL_MILLIS = 200; // how often the loops look at the running flag
  private static final int LINGER_MILLIS = 300; // time to deliver the last replies on close

  private final ConnectionInfo connection;
  private final Wire wire;
  private final ZContext context = new ZContext();
  private final RequestChannel shell;
  private final RequestChannel control;
  private final ZMQ.Socket stdin; // used by the StdinChannel's thread only
  private final ZMQ.Socket iopub; // guarded by itself: any thread publishes
  private final ZMQ.Socket heartbeat;
  private final CompletableFuture<JShellKernel> kernel = new CompletableFuture<>();
  private final Supplier<JShellKernel> kernelFactory;
  private final RequestHandlers handlers;
  private final CountDownLatch shutdownRequested = new CountDownLatch(1);
  private final TransportFault fault = TransportFault.fromSystemProperty();
  private StdinChannel stdinChannel; // made on start, before the loops that use it
  private volatile boolean running = true;
  private Thread[] threads = new Thread[0];

  /** A server for {@code connection}; JShell is made by {@code kernelFactory} on start. */
  public KernelServer(ConnectionInfo connection, Supplier<JShellKernel> kernelFactory)
      throws GeneralSecurityException {
    this(
        connection,
        kernelFactory,
        Debugger.unavailable("the kernel was started without a debugger"));
  }

  /**
   * A server for {@code connection} whose control channel hands {@code debug_request}s to {@code
   * debugger}; JShell is made by {@code kernelFactory} on start.
   */
  public KernelServer(
      ConnectionInfo connection, Supplier<JShellKernel> kernelFactory, Debugger debugger)
      throws GeneralSecurityException {
    this.connection = connection;
    this.wire = new Wire(connection.signer(), connection.signed());
    this.kernelFactory = kernelFactory;
    this.handlers =
        new RequestHandlers(
            kernel,
            this::publish,
            request -> stdinChannel.sourceFor(request),
            this::stop,
            debugger);
    // Before the first socket: jeromq starts its I/O threads with the handler set then.
    context.setUncaughtExceptionHandler(TransportGuard.exitWhenDead(() -> running));
    fault.install(context);
    this.shell = new RequestChannel(context.createSocket(SocketType.ROUTER), true);
    this.control = new RequestChannel(context.createSocket(SocketType.ROUTER), false);
    this.stdin = context.createSocket(SocketType.ROUTER);
    this.iopub = context.createSocket(SocketType.PUB);
    this.heartbeat = context.createSocket(SocketType.REP);
  }

  /** Binds the sockets, announces {@code starting}, and starts the loops and JShell. */
  public void start() {
    var properties = connection.properties();
    bind(shell.socket, properties.getShellPort());
    bind(control.socket, properties.getControlPort());
    bind(stdin, properties.getStdinPort());
    bind(iopub, properties.getIopubPort());
    bind(heartbeat, properties.getHbPort());
    publishStatus("starting", null);
    stdinChannel = new StdinChannel(stdin, wire);
    threads =
        new Thread[] {
          loop("flowbook-shell", shell::serve),
          loop("flowbook-control", control::serve),
          loop("flowbook-heartbeat", this::echoHeartbeats),
        };
    KernelThreads.start(
        "flowbook-jshell-start",
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
    Thread closer = KernelThreads.start("flowbook-socket-closer", context::close);
    closer.join(LINGER_MILLIS + 100L);
    JShellKernel started = kernel.getNow(null);
    if (started != null) {
      started.close();
    }
  }

  /** Interrupts the running cell, as an {@code interrupt_request} does. */
  public void interrupt() {
    handlers.interrupt();
  }

  /* After the shutdown_reply: the loops end, and the last status still goes out (see publish). */
  private void stop() {
    running = false;
    shutdownRequested.countDown();
  }

  /** Publishes {@code content} as a {@code type} message on IOPub, child of {@code parent}. */
  private void publish(String type, Object content, Message parent) {
    synchronized (iopub) {
      if (running || "status".equals(type) || "shutdown_reply".equals(type)) {
        wire.send(iopub, List.of(type.getBytes(StandardCharsets.UTF_8)), type, content, parent);
      }
    }
  }

  private void publishStatus(String state, Message parent) {
    JsonObject content = new JsonObject();
    content.addProperty("execution_state", state);
    publish("status", content, parent);
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
    return KernelThreads.builder(name)
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

  /** The shell or the control socket: its loop, and where the replies to its requests go. */
  private final class RequestChannel implements RequestHandlers.Replies {
    private final ZMQ.Socket socket; // read by its loop; sends are serialised on it
    private final boolean abortsBehindFailures; // shell only: "run all" stops at the first error
    private List<Message> waitingBehindFailure = List.of(); // the loop's thread only

    RequestChannel(ZMQ.Socket socket, boolean abortsBehindFailures) {
      this.socket = socket;
      this.abortsBehindFailures = abortsBehindFailures;
    }

    /* A blocking receive with a timeout wakes the moment a message arrives (no polling sleep);
     * the timeout only bounds how long a shutdown waits for the loop to notice. */
    void serve() {
      socket.setReceiveTimeOut(POLL_MILLIS);
      while (running) {
        Optional<Message> message = wire.read(socket);
        if (message.isEmpty()) {
          continue;
        }
        try {
          handle(message.get());
          if (!waitingBehindFailure.isEmpty()) {
            abortWaiting();
          }
        } catch (RuntimeException e) {
          LOG.log(Level.SEVERE, "failed to handle " + message.get().type(), e);
          handlers.replyFailure(message.get(), e, this);
        } catch (OutOfMemoryError e) {
          // the heap is full (a cell holds it); answer the request so its client does not hang
          handlers.replyFailure(message.get(), new IllegalStateException("out of memory", e), this);
        }
      }
    }

    private void handle(Message request) {
      publishStatus("busy", request);
      try {
        handlers.handle(request, this);
        if ("execute_request".equals(request.type())) {
          fault.cellReplied();
        }
      } finally {
        publishStatus("idle", request);
      }
    }

    @Override
    public void reply(Message request, String type, JsonObject content) {
      synchronized (socket) {
        wire.send(socket, request.identities(), type, content, request);
      }
    }

    @Override
    public void abortWaitingExecutions() {
      if (abortsBehindFailures) {
        waitingBehindFailure = takeWaiting();
      }
    }

    /**
     * The messages already waiting on the socket. Taken before the failed cell's reply goes out, so
     * they are exactly the ones the client sent without knowing of the failure.
     */
    private List<Message> takeWaiting() {
      List<Message> waiting = new ArrayList<>();
      socket.setReceiveTimeOut(0);
      try {
        while (socket.hasReceiveMore() || (socket.getEvents() & ZMQ.Poller.POLLIN) != 0) {
          wire.read(socket).ifPresent(waiting::add);
        }
      } finally {
        socket.setReceiveTimeOut(POLL_MILLIS);
      }
      return waiting;
    }

    /** Aborts the executions taken behind a failed cell; other requests are handled as usual. */
    private void abortWaiting() {
      List<Message> waiting = waitingBehindFailure;
      waitingBehindFailure = List.of();
      for (Message request : waiting) {
        if (!"execute_request".equals(request.type())) {
          handle(request);
          continue;
        }
        publishStatus("busy", request);
        handlers.abort(request, this);
        publishStatus("idle", request);
      }
    }
  }
}
