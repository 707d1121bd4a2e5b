package flowbook.kernel.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class StreamBufferTest {
  private final List<String> published = new ArrayList<>();
  private final StreamBuffer buffer = new StreamBuffer(this::publish);

  private synchronized void publish(String text) {
    published.add(text);
    notifyAll();
  }

  @Test
  void aCompleteLineGoesOutAtOnceOnTheWritingThread() {
    write("first line\n");
    assertEquals(List.of("first line\n"), snapshot());
  }

  @Test
  void flushSendsAPartialLine() {
    write("no newline");
    buffer.flush();
    assertEquals(List.of("no newline"), snapshot());
  }

  @Test
  void flushNeverSplitsACharacter() {
    // given "é" (two bytes in UTF-8) cut after its first byte
    byte[] bytes = "é".getBytes(StandardCharsets.UTF_8);
    buffer.write(bytes, 0, 1);

    // when
    buffer.flush();
    buffer.write(bytes, 1, 1);
    buffer.flush();

    // then
    assertEquals(List.of("é"), snapshot());
  }

  @Test
  @Timeout(10)
  void aPartialLineGoesOutByItselfSoon() throws InterruptedException {
    write("prompt> ");
    synchronized (this) {
      while (published.isEmpty()) {
        wait();
      }
    }
    assertEquals(List.of("prompt> "), snapshot());
  }

  @Test
  void textAfterTheLastNewlineWaitsForItsLine() {
    write("done\npart");
    write("ial\n");
    String all = String.join("", snapshot());
    assertTrue(all.startsWith("done\n"), all);
    buffer.flush();
    assertEquals("done\npartial\n", String.join("", snapshot()));
  }

  @Test
  void aFloodOfLinesMakesAtMostOneMessagePerInterval() {
    // when: lines as fast as this thread can write them
    long start = System.nanoTime();
    for (int i = 0; i < 200_000; i++) {
      write("line " + i + "\n");
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    int messages = snapshot().size();
    buffer.flush();

    // then: one message at once, then at most one per interval
    assertTrue(
        messages <= 1 + elapsedMillis / StreamBuffer.MIN_INTERVAL_MILLIS + 1,
        messages + " messages in " + elapsedMillis + " ms");
    String all = String.join("", snapshot());
    assertTrue(all.startsWith("line 0\nline 1\n"), all.substring(0, 20));
    assertTrue(all.endsWith("line 199999\n"));
    assertEquals(200_000, all.lines().count());
  }

  @Test
  @Timeout(10)
  void linesHeldBackByTheIntervalGoOutWithoutAFlush() throws InterruptedException {
    // given: a line out at once, so the next one waits for the interval
    write("first\n");
    write("second\n");

    // then
    synchronized (this) {
      while (!String.join("", published).equals("first\nsecond\n")) {
        wait();
      }
    }
    assertEquals(List.of("first\n", "second\n"), snapshot());
  }

  private void write(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    buffer.write(bytes, 0, bytes.length);
  }

  private synchronized List<String> snapshot() {
    return List.copyOf(published);
  }
}
