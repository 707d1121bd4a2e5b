package flowbook.kernel.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Collects the bytes one cell writes to one stream and hands them on as text, in few messages.
 *
 * <ul>
 *   <li>Complete lines go out at once, on the writing thread, when the last message left at least
 *       {@link #MIN_INTERVAL_MILLIS} ago; otherwise they go out together when that interval is
 *       over. So a line printed now and then shows at once, and a cell printing as fast as it can
 *       makes at most {@code 1000 / MIN_INTERVAL_MILLIS} messages a second per stream, each line
 *       still within 50 ms of being written.
 *   <li>A partial line (a {@code print} without newline) goes out once it is {@link
 *       #PARTIAL_DELAY_MILLIS} old (and the interval allows), or earlier with {@link #flush()}.
 *   <li>{@link #flush()} hands on everything at once, whatever the interval.
 *   <li>Text is cut at UTF-8 character boundaries only.
 * </ul>
 */
/* Why an interval: one message per line (or per millisecond) floods the front end; a cell printing
 * for 3 s sent 2,416 messages (ipykernel, which flushes every 0.2 s, sent 14). 40 ms keeps the 50 ms
 * liveness promise with room for the scheduler's delay. */
final class StreamBuffer {
  static final long MIN_INTERVAL_MILLIS = 40;
  static final long PARTIAL_DELAY_MILLIS = 15;
  private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MILLIS);
  private static final long PARTIAL_DELAY_NANOS =
      TimeUnit.MILLISECONDS.toNanos(PARTIAL_DELAY_MILLIS);

  /* One daemon thread for every buffer's delayed flushes. It is created without inheriting
   * inheritable thread locals, so it belongs to no cell. */
  private static final ScheduledExecutorService FLUSHER =
      flowbook.kernel.cell.KernelThreads.timer("flowbook-output-flusher");

  private final Consumer<String> publish;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(); // guarded by this
  private long lastPublishNanos = System.nanoTime() - MIN_INTERVAL_NANOS; // guarded by this
  private long partialSinceNanos; // guarded by this: when the unterminated tail began
  private boolean hasPartial; // guarded by this: pending ends without a newline
  private boolean flushScheduled; // guarded by this

  StreamBuffer(Consumer<String> publish) {
    this.publish = publish;
  }

  synchronized void write(byte[] bytes, int offset, int length) {
    if (length <= 0) {
      return;
    }
    pending.write(bytes, offset, length);
    boolean endsWithNewline = bytes[offset + length - 1] == '\n';
    if (!endsWithNewline && !hasPartial) {
      partialSinceNanos = System.nanoTime();
    }
    hasPartial = !endsWithNewline;
    if (lastNewline(bytes, offset, length) < 0) {
      schedule(PARTIAL_DELAY_NANOS);
    } else {
      publishDue(false);
    }
  }

  /** Hands on everything written so far, partial lines included (up to a character boundary). */
  synchronized void flush() {
    byte[] bytes = pending.toByteArray();
    publishPrefix(bytes, characterBoundary(bytes, bytes.length));
  }

  /**
   * Publishes the complete lines (and the partial tail, when {@code tailToo} and it is old enough)
   * if the interval allows, and schedules a later look at what is left.
   */
  private void publishDue(boolean tailToo) {
    long now = System.nanoTime();
    long intervalLeft = lastPublishNanos + MIN_INTERVAL_NANOS - now;
    if (intervalLeft > 0) {
      schedule(intervalLeft);
      return;
    }
    byte[] bytes = pending.toByteArray();
    long partialAge = now - partialSinceNanos;
    boolean tailDue = tailToo && hasPartial && partialAge >= PARTIAL_DELAY_NANOS;
    int end =
        tailDue ? characterBoundary(bytes, bytes.length) : lastNewline(bytes, 0, bytes.length) + 1;
    publishPrefix(bytes, end);
    if (pending.size() > 0) {
      schedule(hasPartial && !tailDue ? PARTIAL_DELAY_NANOS - partialAge : MIN_INTERVAL_NANOS);
    }
  }

  private void publishPrefix(byte[] bytes, int length) {
    if (length <= 0) {
      return;
    }
    pending.reset();
    pending.write(bytes, length, bytes.length - length);
    hasPartial = pending.size() > 0 && bytes[bytes.length - 1] != '\n';
    lastPublishNanos = System.nanoTime();
    publish.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
  }

  private void schedule(long delayNanos) {
    if (flushScheduled) {
      return;
    }
    flushScheduled = true;
    FLUSHER.schedule(this::scheduledFlush, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  private synchronized void scheduledFlush() {
    flushScheduled = false;
    if (pending.size() > 0) {
      publishDue(true);
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
}
