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

  private void write(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    buffer.write(bytes, 0, bytes.length);
  }

  private synchronized List<String> snapshot() {
    return List.copyOf(published);
  }
}
