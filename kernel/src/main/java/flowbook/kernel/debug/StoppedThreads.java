package flowbook.kernel.debug;

import com.sun.jdi.ThreadReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The threads the debugger holds stopped: one is served (shown to the client, under thread id 1),
 * the others wait their turn, still suspended.
 *
 * <p>JupyterLab 4.0-4.3 send thread id 1 in {@code stackTrace}, {@code continue}, {@code next}
 * whatever thread stopped; serving one stopped thread at a time under that one id works with those
 * and with later versions alike. A served thread that is resumed (continue, a step) stops being
 * served at once, so a hit elsewhere meanwhile (a generator body the stepping cell waits for) is
 * shown instead of waiting behind a thread that runs.
 */
/* States of the registry, under this object's lock: idle (served == null, waiting empty) -> serving
 * (offer) -> serving the next waiting one, or idle (release). A thread is in at most one place. */
final class StoppedThreads {
  /** The thread id the client sees for the served thread. */
  static final int CLIENT_THREAD_ID = 1;

  /** One stopped thread and why it stopped ({@code breakpoint}, {@code step}, ...). */
  record Stop(ThreadReference thread, String reason, String description) {}

  private Stop served; // guarded by this
  private final Deque<Stop> waiting = new ArrayDeque<>(); // guarded by this

  /** Adds a stopped thread; true when it is served now (the caller announces it). */
  synchronized boolean offer(Stop stop) {
    if (served == null) {
      served = stop;
      return true;
    }
    waiting.addLast(stop);
    return false;
  }

  /** The served stop, if any. */
  synchronized Optional<Stop> served() {
    return Optional.ofNullable(served);
  }

  /** Whether {@code thread} is held (served or waiting). */
  synchronized boolean holds(ThreadReference thread) {
    return (served != null && served.thread().equals(thread))
        || waiting.stream().anyMatch(stop -> stop.thread().equals(thread));
  }

  /**
   * Stops serving the served thread (the caller resumes it); the next waiting one, now served, is
   * returned for the caller to announce.
   */
  synchronized Optional<Stop> release() {
    served = waiting.pollFirst();
    return Optional.ofNullable(served);
  }

  /** Every held stop, served first; the registry is empty afterwards (the caller resumes them). */
  synchronized List<Stop> drain() {
    List<Stop> all = new ArrayList<>();
    if (served != null) {
      all.add(served);
    }
    all.addAll(waiting);
    served = null;
    waiting.clear();
    return all;
  }
}
