package flowbook.kernel.protocol;

import com.google.gson.JsonObject;
import flowbook.kernel.cell.InputSource;
import flowbook.kernel.cell.KernelThreads;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.zeromq.ZMQ;

/**
 * The stdin channel: asks the front end for a line ({@code input_request}) and waits for its {@code
 * input_reply}.
 *
 * <ul>
 *   <li>Only for an {@code execute_request} with {@code allow_stdin: true}; otherwise reading fails
 *       at once with a message saying stdin is not available from this front end.
 *   <li>The request goes to the identities of the {@code execute_request}, as its child.
 *   <li>The reading thread waits on a future, so an interrupt ends the wait at once; a reply that
 *       comes later is dropped.
 * </ul>
 */
/* All ZeroMQ calls happen on one thread of ours: the socket is not thread-safe, and a cell thread
 * interrupted inside a jeromq call can close the NIO pipes that jeromq signals through, which would
 * break the socket for good. The thread only touches the socket while a request is pending. */
final class StdinChannel implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StdinChannel.class.getName());
  private static final int POLL_MILLIS = 50; // how often the loop looks for a cancel or a close

  private final ZMQ.Socket socket;
  private final Wire wire;
  private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** One line asked for; {@code answer} completes with the reply's value. */
  private record Pending(
      Message parent, String prompt, boolean password, CompletableFuture<String> answer) {}

  StdinChannel(ZMQ.Socket socket, Wire wire) {
    this.socket = socket;
    this.wire = wire;
    this.thread = KernelThreads.start("flowbook-stdin", this::serve);
  }

  /** The input of the cell {@code request} runs: the front end, if the request allows stdin. */
  InputSource sourceFor(Message request) {
    if (!request.bool("allow_stdin", false)) {
      return InputSource.NONE;
    }
    return (prompt, password) -> ask(request, prompt, password);
  }

  private String ask(Message request, String prompt, boolean password)
      throws IOException, InterruptedException {
    if (!running) {
      throw new IOException("stdin is not available: the kernel is shutting down");
    }
    Pending line = new Pending(request, prompt, password, new CompletableFuture<>());
    pending.add(line);
    try {
      return line.answer().get();
    } catch (InterruptedException e) {
      line.answer().cancel(false);
      throw e;
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IOException("no input: " + cause.getMessage(), cause);
    }
  }

  private void serve() {
    socket.setReceiveTimeOut(POLL_MILLIS);
    try {
      while (running) {
        Pending line = pending.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (line != null && !line.answer().isDone()) {
          answer(line);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (Pending line; (line = pending.poll()) != null; ) {
        line.answer().completeExceptionally(new IOException("the kernel is shutting down"));
      }
    }
  }

  private void answer(Pending line) {
    dropStaleReplies();
    JsonObject content = new JsonObject();
    content.addProperty("prompt", line.prompt());
    content.addProperty("password", line.password());
    wire.send(socket, line.parent().identities(), "input_request", content, line.parent());
    while (running && !line.answer().isDone()) {
      Optional<Message> reply = wire.read(socket);
      if (reply.isEmpty()) {
        continue;
      }
      if (!"input_reply".equals(reply.get().type())) {
        LOG.warning("ignored a " + reply.get().type() + " on the stdin channel");
        continue;
      }
      line.answer().complete(reply.get().string("value", ""));
    }
    if (!running) {
      line.answer().completeExceptionally(new IOException("the kernel is shutting down"));
    }
  }

  /* A reply to a request that was interrupted may still come; it must not answer the next one. */
  private void dropStaleReplies() {
    socket.setReceiveTimeOut(0);
    try {
      while (wire.read(socket).isPresent() || socket.hasReceiveMore()) {
        LOG.fine("dropped a late reply on the stdin channel");
      }
    } finally {
      socket.setReceiveTimeOut(POLL_MILLIS);
    }
  }

  /** Stops the thread; pending reads fail. Returns once the thread no longer uses the socket. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(POLL_MILLIS * 4L);
  }
}
