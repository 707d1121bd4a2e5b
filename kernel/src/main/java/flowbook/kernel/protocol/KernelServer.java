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
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 *       moment it arrives. Shell requests go to two lanes ({@link ShellDispatcher}): cells (and
 *       every request that needs JShell) run one at a time in order; comm messages are handled as
 *       they arrive, also while a cell runs, so a widget acts on a running stream. {@code
 *       interrupt_request} and {@code shutdown_request} come on control and are answered while a
 *       cell runs.
 *   <li>Every message handled is framed by {@code busy} and {@code idle} on IOPub; after a comm or
 *       control message handled mid-cell, {@code busy} again for the running cell.
 *   <li>Messages with a wrong or missing signature are dropped with a log line (see {@link Wire});
 *       the loops go on.
 *   <li>Sockets bind to the connection file's IP only.
 *   <li>{@code kernel_info_request} is answered before JShell has started and while a cell runs:
 *       JShell starts in the background, and requests that need it wait for it.
 *   <li>After {@code shutdown_request} the process exits within a second.
 *   <li>When a thread the sockets depend on dies (jeromq's I/O thread, a channel loop), the process
 *       exits with status {@link TransportGuard#EXIT_STATUS}, so that Jupyter starts a new kernel
 *       instead of keeping one that never answers.
 * </ul>
 */
/* What this class owns: the ZeroMQ context and sockets, signing (Wire), the TransportGuard and the
 * test's TransportFault, status publishing, and these threads:
 *   flowbook-shell      the only thread that touches the shell socket: reads requests and hands
 *                       them to the ShellDispatcher's lanes, and sends the replies the lanes put in
 *                       its outbox;
 *   flowbook-cells      the dispatcher's cell lane: cells run here, one at a time;
 *   flowbook-comms      the dispatcher's comm lane: comm messages and kernel_info, as they arrive;
 *   flowbook-control    reads control requests (interrupt, shutdown) while a cell runs, and replies
 *                       on the control socket itself (the only thread that touches it);
 *   flowbook-heartbeat  echoes the front end's heartbeats;
 *     (these are restarted after an OutOfMemoryError, see loop; any other death ends the
 *     process through TransportGuard)
 *   flowbook-jshell-start  makes the JShellKernel once, so kernel_info is answered meanwhile;
 *   a short-lived closer   closes the context on close(), bounded by the linger time.
 * Sockets are not thread-safe, so each has one owner: shell -> flowbook-shell; control ->
 * flowbook-control; heartbeat -> flowbook-heartbeat; stdin -> the StdinChannel's thread; IOPub ->
 * whoever holds its monitor (any thread publishes: cells' threads, lanes, widget flushes); the
 * inproc wake-up pair -> the sender under its monitor, the receiver by flowbook-shell. A reply
 * from a lane is queued in the shell outbox and the lane pokes the wake-up socket: the shell loop
 * polls the shell socket and the wake-up socket together, so a reply goes out at once, never after
 * a poll timeout (which only bounds how long a shutdown waits for the loop to notice).
 * The JSON of requests and replies is the RequestHandlers' business: they see a socket only as
 * its RequestHandlers.Replies. */
public final class KernelServer {
  private static final Logger LOG = Logger.getLogger(KernelServer.class.getName());
  private static final int POLL_MILLIS = 200; // how often the loops look at the running flag
  private static final int LINGER_MILLIS = 300; // time to deliver the last replies on close

  private final ConnectionInfo connection;
  private final Wire wire;
  private final ZContext context = new ZContext();
  private final ShellChannel shell;
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
  private AutoCloseable widgets; // the widgets' connection to this server's comms

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
            new Iopub() {
              @Override
              public void publish(String type, Object content, Message parent) {
                KernelServer.this.publish(type, content, new JsonObject(), parent);
              }

              @Override
              public void publish(
                  String type, Object content, JsonObject metadata, Message parent) {
                KernelServer.this.publish(type, content, metadata, parent);
              }
            },
            request -> stdinChannel.sourceFor(request),
            this::stop,
            debugger);
    // Before the first socket: jeromq starts its I/O threads with the handler set then.
    context.setUncaughtExceptionHandler(TransportGuard.exitWhenDead(() -> running));
    fault.install(context);
    this.shell = new ShellChannel(context.createSocket(SocketType.ROUTER));
    this.control = new RequestChannel(context.createSocket(SocketType.ROUTER));
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
    widgets = handlers.connectWidgets();
    stdinChannel = new StdinChannel(stdin, wire);
    shell.bindWakeUp();
    List<Thread> lanes = new ArrayList<>();
    shell.dispatcher.start(
        (name, body) -> {
          Thread lane = loop(name, body);
          lanes.add(lane);
          return lane;
        });
    threads =
        new Thread[] {
          lanes.get(0),
          lanes.get(1),
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
    shell.dispatcher.close();
    for (Thread thread : threads) {
      thread.join(POLL_MILLIS * 2L);
    }
    if (stdinChannel != null) {
      stdinChannel.close();
    }
    if (widgets != null) {
      try {
        widgets.close();
      } catch (Exception e) {
        LOG.log(Level.FINE, "widgets did not disconnect", e);
      }
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
    shell.dispatcher.close();
    shutdownRequested.countDown();
  }

  /** Publishes {@code content} as a {@code type} message on IOPub, child of {@code parent}. */
  private void publish(String type, Object content, Message parent) {
    publish(type, content, new JsonObject(), parent);
  }

  private void publish(String type, Object content, JsonObject metadata, Message parent) {
    synchronized (iopub) {
      if (running || "status".equals(type) || "shutdown_reply".equals(type)) {
        wire.send(
            iopub, List.of(type.getBytes(StandardCharsets.UTF_8)), type, content, metadata, parent);
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

  /** The control socket: its loop, and where the replies to its requests go. */
  private final class RequestChannel implements RequestHandlers.Replies {
    private final ZMQ.Socket socket; // read and written by its loop's thread only

    RequestChannel(ZMQ.Socket socket) {
      this.socket = socket;
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
      shell.dispatcher.publishBusyBesideCells(request);
      try {
        handlers.handle(request, this);
      } finally {
        shell.dispatcher.publishIdleBesideCells(request); // a cell may run: busy again for it
      }
    }

    @Override
    public void reply(Message request, String type, JsonObject content) {
      wire.send(socket, request.identities(), type, content, request);
    }

    @Override
    public void abortWaitingExecutions() {
      // control carries no executions
    }
  }

  /**
   * The shell socket: one loop reads it into the {@link ShellDispatcher} and sends what the lanes
   * queued in its outbox. No other thread touches the socket.
   */
  private final class ShellChannel implements RequestHandlers.Replies {
    private final ZMQ.Socket socket; // flowbook-shell only
    private final ZMQ.Socket wakeReceiver; // flowbook-shell only
    private final ZMQ.Socket wakeSender; // any thread, under its monitor
    private final String wakeAddress = "inproc://flowbook-shell-wake-" + UUID.randomUUID();
    private final Queue<Runnable> outbox = new ConcurrentLinkedQueue<>(); // run by flowbook-shell
    final ShellDispatcher dispatcher;

    ShellChannel(ZMQ.Socket socket) {
      this.socket = socket;
      this.wakeReceiver = context.createSocket(SocketType.PULL);
      this.wakeSender = context.createSocket(SocketType.PUSH);
      this.dispatcher =
          new ShellDispatcher(
              handlers,
              this,
              KernelServer.this::publish,
              this::drainSocket,
              request -> {
                if ("execute_request".equals(request.type())) {
                  fault.cellReplied();
                }
              });
    }

    /* inproc needs the bind before the connect. */
    void bindWakeUp() {
      wakeReceiver.bind(wakeAddress);
      wakeSender.connect(wakeAddress);
    }

    void serve() {
      ZMQ.Poller poller = context.createPoller(2);
      poller.register(socket, ZMQ.Poller.POLLIN);
      poller.register(wakeReceiver, ZMQ.Poller.POLLIN);
      try {
        while (running) {
          poller.poll(POLL_MILLIS);
          while (wakeReceiver.recv(ZMQ.DONTWAIT) != null) {
            // each poke only wakes the poll; the outbox holds the work
          }
          runOutbox();
          readArrived();
        }
        runOutbox(); // the last replies (shutdown_reply) still go out
      } finally {
        poller.close();
      }
    }

    private void runOutbox() {
      for (Runnable task = outbox.poll(); task != null; task = outbox.poll()) {
        task.run();
      }
    }

    private void readArrived() {
      while ((socket.getEvents() & ZMQ.Poller.POLLIN) != 0) {
        wire.read(socket).ifPresent(dispatcher::accept);
      }
    }

    /* Called by the cell lane: the shell loop reads what has arrived, and this waits for it. */
    private void drainSocket() {
      CompletableFuture<Void> drained = new CompletableFuture<>();
      submit(
          () -> {
            readArrived();
            drained.complete(null);
          });
      try {
        drained.get(POLL_MILLIS * 5L, TimeUnit.MILLISECONDS); // bounded: the loop may be closing
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.fine("the shell loop did not read the waiting requests: " + e);
      }
    }

    private void submit(Runnable task) {
      outbox.add(task);
      synchronized (wakeSender) {
        wakeSender.send(new byte[0], ZMQ.DONTWAIT); // a full pipe already has pokes waiting
      }
    }

    @Override
    public void reply(Message request, String type, JsonObject content) {
      submit(() -> wire.send(socket, request.identities(), type, content, request));
    }

    @Override
    public void abortWaitingExecutions() {
      throw new UnsupportedOperationException("the dispatcher's cell lane aborts");
    }
  }
}
