package flowbook.asyncgen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A fake batch function for the Batcher tests: records each call's keys, answers "v" + key. */
final class Backend {
  final List<List<Integer>> calls = new CopyOnWriteArrayList<>();
  final CountDownLatch release; // each call waits for it; open by default
  final Set<Integer> missing; // keys the answer leaves out

  Backend() {
    this(0, Set.of());
  }

  /** A backend whose calls wait until {@link #release} counted down {@code gate} times. */
  Backend(int gate, Set<Integer> missing) {
    this.release = new CountDownLatch(gate);
    this.missing = missing;
  }

  Map<Integer, String> answer(Set<Integer> keys) throws InterruptedException, TimeoutException {
    calls.add(new ArrayList<>(keys));
    if (!release.await(10, TimeUnit.SECONDS)) {
      throw new TimeoutException("the test never released the call for " + keys);
    }
    Map<Integer, String> values = new LinkedHashMap<>();
    for (int key : keys) {
      if (!missing.contains(key)) {
        values.put(key, "v" + key);
      }
    }
    return values;
  }

  /**
   * A batcher over this backend whose time bound (1 s) is far longer than a test's loads take, so
   * that the keys a test loads together go out together even on a loaded machine.
   */
  Batcher<Integer, String> batcher() {
    return Batcher.<Integer, String>of(this::answer).maxDelay(java.time.Duration.ofSeconds(1));
  }

  /** Waits until {@code count} calls started. */
  void awaitCalls(int count) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (calls.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("only " + calls.size() + " of " + count + " calls: " + calls);
      }
      Thread.sleep(1);
    }
  }
}
