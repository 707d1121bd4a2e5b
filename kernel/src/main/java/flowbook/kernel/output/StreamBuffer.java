package flowbook.kernel.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Collects the bytes one cell writes to one stream and hands them on as text.
 *
 * <ul>
 *   <li>Complete lines go out at once, on the writing thread, unless a message left less than
 *       {@link #COALESCE_NANOS} ago: then they go out together a moment later, so a tight print
 *       loop makes a few messages per millisecond rather than one per line.
 *   <li>A partial line (a {@code print} without newline) goes out after {@link
 *       #PARTIAL_DELAY_MILLIS}, or earlier with the next newline or {@link #flush()}.
 *   <li>Text is cut at UTF-8 character boundaries only.
 * </ul>
 */
final class StreamBuffer {
  static final long COALESCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  static final long COALESCE_DELAY_MILLIS = 2;
  static final long PARTIAL_DELAY_MILLIS = 15;

  /* One daemon thread for every buffer's delayed flushes. It is created without inheriting
   * inheritable thread locals, so it belongs to no cell. */
  private static final ScheduledExecutorService FLUSHER = newFlusher();

  private final Consumer<String> publish;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(); // guarded by this
  private long lastPublishNanos = System.nanoTime() - COALESCE_NANOS; // guarded by this
  private boolean flushScheduled; // guarded by this

  StreamBuffer(Consumer<String> publish) {
    this.publish = publish;
  }

  synchronized void write(byte[] bytes, int offset, int length) {
    pending.write(bytes, offset, length);
    if (lastNewline(bytes, offset, length) < 0) {
      schedule(PARTIAL_DELAY_MILLIS);
    } else if (System.nanoTime() - lastPublishNanos >= COALESCE_NANOS) {
      publishCompleteLines();
    } else {
      schedule(COALESCE_DELAY_MILLIS);
    }
  }

  /** Hands on everything written so far, partial lines included (up to a character boundary). */
  synchronized void flush() {
    byte[] bytes = pending.toByteArray();
    publishPrefix(bytes, characterBoundary(bytes, bytes.length));
  }

  private void publishCompleteLines() {
    byte[] bytes = pending.toByteArray();
    publishPrefix(bytes, lastNewline(bytes, 0, bytes.length) + 1);
    if (pending.size() > 0) {
      schedule(PARTIAL_DELAY_MILLIS);
    }
  }

  private void publishPrefix(byte[] bytes, int length) {
    if (length <= 0) {
      return;
    }
    pending.reset();
    pending.write(bytes, length, bytes.length - length);
    lastPublishNanos = System.nanoTime();
    publish.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
  }

  private void schedule(long delayMillis) {
    if (flushScheduled) {
      return;
    }
    flushScheduled = true;
    FLUSHER.schedule(this::scheduledFlush, delayMillis, TimeUnit.MILLISECONDS);
  }

  private synchronized void scheduledFlush() {
    flushScheduled = false;
    byte[] bytes = pending.toByteArray();
    int lineEnd = lastNewline(bytes, 0, bytes.length) + 1;
    boolean partialIsOld =
        System.nanoTime() - lastPublishNanos
            >= TimeUnit.MILLISECONDS.toNanos(PARTIAL_DELAY_MILLIS) - COALESCE_NANOS;
    if (lineEnd > 0 && !partialIsOld) {
      publishCompleteLines();
    } else {
      flush();
    }
  }

  private static int lastNewline(byte[] bytes, int offset, int length) {
    for (int i = offset + length - 1; i >= offset; i--) {
      if (bytes[i] == '\n') {
        return i - offset;
      }
    }
    return -1;
  }

  /** The largest prefix length {@code <= length} that does not split a UTF-8 sequence. */
  private static int characterBoundary(byte[] bytes, int length) {
    int start = length;
    // Walk back over continuation bytes (10xxxxxx) to the lead byte of the last character.
    while (start > 0 && start > length - 4 && (bytes[start - 1] & 0xC0) == 0x80) {
      start--;
    }
    if (start == 0 || start == length && (bytes[length - 1] & 0x80) == 0) {
      return length;
    }
    int lead = bytes[start - 1] & 0xFF;
    int expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return length - (start - 1) >= expected ? length : start - 1;
  }

  private static ScheduledExecutorService newFlusher() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(null, runnable, "flowbook-output-flusher", 0, false);
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
