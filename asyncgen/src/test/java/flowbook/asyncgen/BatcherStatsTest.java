package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The counters a batcher shows as a cell value, and its settings' checks. */
@Timeout(10)
class BatcherStatsTest {
  @Test
  void statsCountLoadsHitsCallsAndKeys() throws Exception {
    Backend backend = new Backend();
    Batcher<Integer, String> batcher = backend.batcher();
    AsyncGenerator.range(0, 4).mapAsync(4, batcher::load).toList();
    batcher.get(0);
    Batcher.Stats stats = batcher.stats();
    assertEquals(5, stats.loads());
    assertEquals(1, stats.cacheHits());
    assertEquals(1, stats.calls());
    assertEquals(4, stats.keys());
    assertEquals(4.0, stats.meanBatchSize());
    assertEquals(0, stats.failedCalls());
    assertTrue(!stats.timeInCalls().isNegative());
  }

  @Test
  void aNewBatcherHasZeroCounters() {
    Batcher<Integer, String> batcher = Batcher.of(keys -> Map.of());
    assertEquals(new Batcher.Stats(0, 0, 0, 0, 0, 0, Duration.ZERO), batcher.stats());
    assertEquals(0.0, batcher.stats().meanBatchSize());
  }

  @Test
  void toStringShowsTheCountersAsAText() {
    Batcher.Stats stats = new Batcher.Stats(120, 20, 1, 100, 0, 0, Duration.ofNanos(3_250_000));
    assertEquals(
        "1 call, 100 keys, mean batch size 100.0, 3.3 ms in calls; 120 loads, 20 cache hits",
        stats.toString());
    Batcher<Integer, String> batcher = Batcher.of(keys -> Map.of());
    assertEquals(
        "Batcher: 0 calls, 0 keys, mean batch size 0.0, 0.0 ms in calls; 0 loads, 0 cache hits",
        batcher.toString());
  }

  @Test
  void failedAndCancelledCallsAreNamedOnlyWhenThereAreAny() {
    Batcher.Stats stats = new Batcher.Stats(3, 0, 2, 3, 1, 1, Duration.ZERO);
    assertTrue(stats.toString().endsWith("3 loads, 0 cache hits, 1 failed, 1 cancelled"));
  }

  @Test
  void toHtmlIsATableOfTheCounters() {
    String html = new Batcher.Stats(8, 2, 2, 6, 0, 0, Duration.ofMillis(4)).toHtml();
    assertTrue(html.startsWith("<table class=\"flowbook-batcher\">"), html);
    assertTrue(html.contains("<tr><td>calls</td><td>2</td></tr>"), html);
    assertTrue(html.contains("<tr><td>mean batch size</td><td>3.0</td></tr>"), html);
    assertTrue(html.contains("<tr><td>time in calls</td><td>4.0 ms</td></tr>"), html);
    assertTrue(html.endsWith("</table>"), html);
  }

  @Test
  void badSettingsSayWhatToPass() {
    Batcher<Integer, String> batcher = Batcher.of(keys -> Map.of());
    assertEquals(
        "maxBatchSize(0): a call needs at least 1 key; pass 1 or more",
        assertThrows(IllegalArgumentException.class, () -> batcher.maxBatchSize(0)).getMessage());
    assertEquals(
        "maxDelay(PT0S): the delay must be positive, e.g. Duration.ofMillis(5)",
        assertThrows(IllegalArgumentException.class, () -> batcher.maxDelay(Duration.ZERO))
            .getMessage());
    assertThrows(NullPointerException.class, () -> batcher.maxDelay(null));
    assertThrows(NullPointerException.class, () -> batcher.load(null));
    assertThrows(NullPointerException.class, () -> Batcher.of(null));
    assertThrows(NullPointerException.class, () -> Batcher.ofAsync(null));
  }
}
