package flowbook.kernel;

import flowbook.kernel.cell.KernelThreads;
import flowbook.kernel.cell.StandardStreams;
import flowbook.kernel.debug.CellFiles;
import flowbook.kernel.debug.DebugSession;
import flowbook.kernel.debug.Debugger;
import flowbook.kernel.debug.SelfAttach;
import flowbook.kernel.debug.SnippetClasses;
import flowbook.kernel.protocol.ConnectionInfo;
import flowbook.kernel.protocol.KernelServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Starts the kernel: {@code java -jar flowbook-kernel.jar <connection_file>}.
 *
 * <p>The kernel logs to the process's standard error (Jupyter shows it in its own log); the level
 * comes from the environment variable {@code FLOWBOOK_LOG} ({@code INFO} by default, e.g. {@code
 * FINE} for more). The process exits after a {@code shutdown_request}, and when the process that
 * started it ends (a front end killed before it could shut its kernels down).
 */
public final class KernelMain {
  private static final long EXIT_DEADLINE_MILLIS = 900;

  private KernelMain() {}

  /** Runs the kernel for the connection file {@code args[0]} until it is shut down. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java -jar flowbook-kernel.jar <connection_file>");
      System.exit(2);
    }
    System.setProperty("java.awt.headless", "true");
    PrintStream log = StandardStreams.install();
    configureLogging(log);
    ConnectionInfo connection = ConnectionInfo.read(Path.of(args[0]));
    KernelServer server = withDebuggerIfAgent(connection);
    server.start();
    interruptOnSigint(server);
    exitWithParent();
    server.awaitShutdownRequest();
    exitWithin(EXIT_DEADLINE_MILLIS);
    server.close();
    System.exit(0);
  }

  /* The debugger is on when the JVM carries a listening JDWP agent (the kernelspec's debugger
   * options). JDI attaches to it while JShell starts, and both are done before the first cell: the
   * agent takes one debugger, so no other can connect once a cell could run. */
  private static KernelServer withDebuggerIfAgent(ConnectionInfo connection) throws Exception {
    Logger log = Logger.getLogger(KernelMain.class.getName());
    Optional<String> address;
    try {
      address = SelfAttach.listenerAddress();
    } catch (IllegalStateException e) {
      log.warning("no debugger: " + e.getMessage());
      return new KernelServer(connection, JShellKernel::new, Debugger.unavailable(e.getMessage()));
    }
    if (address.isEmpty()) {
      return new KernelServer(
          connection,
          JShellKernel::new,
          Debugger.unavailable(
              "its JVM has no JDWP agent; pick the kernel whose kernelspec has the debugger on"
                  + " (kernel/README.md, Debugger)"));
    }
    SnippetClasses classes = new SnippetClasses(CellFiles.forThisProcess());
    DebugSession session = new DebugSession(classes);
    Thread attaching =
        KernelThreads.start("flowbook-debug-attach", () -> session.attach(address.get()));
    return new KernelServer(
        connection,
        () -> {
          JShellKernel kernel =
              new JShellKernel(
                  KernelSettings.fromEnvironment(System.getenv()),
                  StartupSettings.fromEnvironment(System.getenv()),
                  classes);
          try {
            attaching.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return kernel;
        },
        session);
  }

  /* Jupyter expects the process gone within a second of shutdown_request: a cell's thread stuck
   * in a shutdown hook or a socket that will not close must not keep it alive. */
  private static void exitWithin(long millis) {
    KernelThreads.start(
        "flowbook-exit-deadline",
        () -> {
          try {
            Thread.sleep(millis);
          } catch (InterruptedException e) {
            return;
          }
          Runtime.getRuntime().halt(0);
        });
  }

  /* A front end that ends without a shutdown_request (killed: JupyterHub stops a user's server
   * with SIGKILL when it does not stop in time) leaves its kernels with nobody to talk to. Like
   * ipykernel, the kernel then exits: JPY_PARENT_PID names the process that started it
   * (jupyter_client sets it), else the JVM's own parent. */
  private static void exitWithParent() {
    java.util.Optional<ProcessHandle> parent;
    try {
      String named = System.getenv("JPY_PARENT_PID");
      parent =
          named != null && !named.isBlank()
              ? ProcessHandle.of(Long.parseLong(named.trim()))
              : ProcessHandle.current().parent();
    } catch (NumberFormatException e) {
      parent = ProcessHandle.current().parent();
    }
    parent.ifPresent(
        process ->
            process
                .onExit()
                .thenRun(
                    () -> {
                      Logger.getLogger(KernelMain.class.getName())
                          .warning(
                              "the process that started the kernel (pid "
                                  + process.pid()
                                  + ") ended; exiting");
                      exitWithin(EXIT_DEADLINE_MILLIS);
                      System.exit(0);
                    }));
  }

  /* The kernelspec asks for interrupts by message, but a front end may still send SIGINT (a
   * terminal's Ctrl-C reaches the whole process group): treat it as an interrupt, not an exit. */
  private static void interruptOnSigint(KernelServer server) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> server.interrupt());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      Logger.getLogger(KernelMain.class.getName()).fine("SIGINT stays the JVM's: " + e);
    }
  }

  private static void configureLogging(PrintStream log) {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    Level level = Level.INFO;
    String configured = System.getenv("FLOWBOOK_LOG");
    if (configured != null && !configured.isBlank()) {
      try {
        level = Level.parse(configured.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        log.println("flowbook: unknown FLOWBOOK_LOG level " + configured + "; using INFO");
      }
    }
    root.setLevel(level);
    Logger.getLogger("flowbook").setLevel(level);
    root.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (!isLoggable(record)) {
              return;
            }
            String message = record.getMessage();
            log.println("[flowbook " + record.getLevel() + "] " + message);
            if (record.getThrown() != null) {
              record.getThrown().printStackTrace(log);
            }
          }

          @Override
          public void flush() {
            log.flush();
          }

          @Override
          public void close() {}
        });
  }
}
