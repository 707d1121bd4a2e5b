package flowbook.kernel.magic;

import flowbook.kernel.CellOutcome;
import flowbook.kernel.cell.KernelThreads;
import flowbook.kernel.output.CellContext;
import flowbook.kernel.output.StreamName;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code %%bash}, {@code %%sh} and {@code %sh}: a shell command or script, its output streamed into
 * the cell as it comes, as IPython's shell magics do.
 *
 * <ul>
 *   <li>stdout and stderr go to the cell's streams as the process writes them; stdin is empty.
 *   <li>Variables set with {@code %env} reach the process ({@link Env#processBuilder}).
 *   <li>A non-zero exit status is printed on stderr; the cell does not fail (IPython's default), so
 *       a notebook runs on.
 *   <li>Interrupt ends the process and every process it started, and the cell reports the
 *       interrupt; no process outlives it.
 * </ul>
 */
final class ShellMagics {
  private static final long GRACE_MILLIS = 500; // between asking processes to end and killing them

  private ShellMagics() {}

  static List<Magic> magics() {
    return List.of(
        new Magic(
            "bash",
            true,
            "",
            "run the cell as a bash script, its output streamed live",
            """
            %%bash
              Runs the rest of the cell with bash; stdout and stderr show in the cell as they
              are written. Variables set with %env are in its environment. Interrupt stops
              the script and everything it started. A non-zero exit status is printed; the
              cell does not fail.""",
            call -> run(call, List.of("bash", "-c", call.body().strip()))),
        new Magic(
            "sh",
            true,
            "",
            "run the cell as a sh script, its output streamed live",
            """
            %%sh
              Runs the rest of the cell with sh (as %%bash does with bash).""",
            call -> run(call, List.of("sh", "-c", call.body().strip()))),
        new Magic(
            "sh",
            false,
            "COMMAND",
            "run a shell command, its output streamed live",
            """
            %sh COMMAND
              Runs COMMAND with sh; its output shows in the cell as it is written. Interrupt
              stops it and everything it started. Example: %sh ls -l""",
            call -> {
              if (call.arguments().isBlank()) {
                throw new MagicException("usage: %sh COMMAND, e.g. %sh ls -l");
              }
              return run(call, List.of("sh", "-c", call.arguments()));
            }));
  }

  private static CellOutcome run(MagicCall call, List<String> command) throws MagicException {
    if (command.get(command.size() - 1).isBlank()) {
      throw new MagicException(
          "nothing to run: the script goes below " + call.usage() + " in the same cell");
    }
    // The work is registered for interrupts before the process exists: output it prints may
    // prompt one at once.
    CellOutcome[] failedToStart = new CellOutcome[1];
    String[] startFailure = new String[1];
    CellOutcome outcome =
        call.runInterruptibly(
            () -> {
              Process process;
              try {
                process =
                    Env.processBuilder(command.toArray(String[]::new))
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
              } catch (IOException e) {
                startFailure[0] = e.getMessage();
                return failedToStart[0] = call.ok();
              }
              CellContext output = call.cell().output();
              List<Thread> pumps =
                  List.of(
                      pump(process.getInputStream(), output, StreamName.STDOUT),
                      pump(process.getErrorStream(), output, StreamName.STDERR));
              int status;
              try {
                status = process.waitFor();
              } catch (InterruptedException e) {
                stop(process); // the interrupt status is clear again: stop may wait
                joinAll(pumps);
                throw e;
              }
              joinAll(pumps);
              if (status != 0) {
                output.print(
                    StreamName.STDERR, "(" + command.get(0) + ": exit status " + status + ")\n");
              }
              output.flush();
              return call.ok(status);
            });
    if (outcome == failedToStart[0] && startFailure[0] != null) {
      throw new MagicException(
          "ShellError",
          "cannot start " + command.get(0) + ": " + startFailure[0] + "; is it installed?");
    }
    return outcome;
  }

  private static void joinAll(List<Thread> pumps) throws InterruptedException {
    for (Thread pump : pumps) {
      pump.join(TimeUnit.SECONDS.toMillis(5)); // ends when the pipe closes, with the processes
    }
  }

  /* The whole tree: a script's children may not end with it. Ask first, then kill. */
  private static void stop(Process process) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      try {
        handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        handle.destroyForcibly();
      }
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly); // started while stopping
    process.waitFor(5, TimeUnit.SECONDS);
  }

  /** Copies {@code stream} into the cell's {@code name} stream as it arrives. */
  private static Thread pump(InputStream stream, CellContext output, StreamName name) {
    return KernelThreads.start(
        "flowbook-shell-" + name,
        () -> {
          try (Reader reader = new InputStreamReader(stream, Charset.defaultCharset())) {
            char[] buffer = new char[8192];
            int read;
            while ((read = reader.read(buffer)) >= 0) {
              output.print(name, new String(buffer, 0, read));
            }
          } catch (IOException e) {
            // the process was stopped and its pipe closed: nothing more to copy
          }
        });
  }
}
