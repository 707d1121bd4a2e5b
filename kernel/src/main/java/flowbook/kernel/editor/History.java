package flowbook.kernel.editor;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells run in this kernel session, for {@code history_request}. Kept in memory: a session is
 * one kernel process, numbered {@link #SESSION}; the latest {@code capacity} cells are kept (front
 * ends ask for the last few hundred at most), so a session that runs all day does not grow.
 */
public final class History {
  /** How many cells a kernel's history keeps. */
  public static final int DEFAULT_CAPACITY = 10_000;

  /** The number of the (only) session a kernel process knows. */
  public static final int SESSION = 1;

  /**
   * One executed cell.
   *
   * @param session always {@link #SESSION}
   * @param line the cell's execution count
   * @param input the cell's source
   */
  public record Entry(int session, int line, String input) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>(); // guarded by this, oldest first
  private final int capacity;

  /**
   * A history keeping the latest {@code capacity} cells.
   *
   * @throws IllegalArgumentException if capacity is not positive
   */
  public History(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a history keeps at least 1 cell, not " + capacity);
    }
    this.capacity = capacity;
  }

  /** Records cell {@code executionCount}'s source, forgetting the oldest beyond the capacity. */
  public synchronized void add(int executionCount, String input) {
    entries.addLast(new Entry(SESSION, executionCount, input));
    if (entries.size() > capacity) {
      entries.removeFirst();
    }
  }

  /** The last {@code n} cells, oldest first; all of them when {@code n} is negative. */
  public synchronized List<Entry> tail(int n) {
    List<Entry> all = List.copyOf(entries);
    int from = n < 0 ? 0 : Math.max(0, all.size() - n);
    return all.subList(from, all.size());
  }

  /**
   * Cells {@code start <= line < stop} of {@code session}; a session of 0 or below, or {@link
   * #SESSION}, means this one (earlier sessions have no cells here). A {@code stop} of 0 or below
   * means no upper bound.
   */
  public synchronized List<Entry> range(int session, int start, int stop) {
    if (session > 0 && session != SESSION) {
      return List.of();
    }
    return entries.stream()
        .filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop))
        .toList();
  }

  /**
   * The last {@code n} cells (all when {@code n <= 0}) whose source matches the glob {@code
   * pattern} ({@code *} any text, {@code ?} one character), oldest first; with {@code unique} only
   * the latest of equal sources.
   */
  public synchronized List<Entry> search(String pattern, int n, boolean unique) {
    Pattern glob = globToRegex(pattern == null || pattern.isEmpty() ? "*" : pattern);
    List<Entry> found = entries.stream().filter(e -> glob.matcher(e.input()).matches()).toList();
    if (unique) {
      Map<String, Entry> latest = new LinkedHashMap<>();
      for (Entry entry : found) {
        latest.remove(entry.input());
        latest.put(entry.input(), entry);
      }
      found = List.copyOf(latest.values());
    }
    int from = n <= 0 ? 0 : Math.max(0, found.size() - n);
    return found.subList(from, found.size());
  }

  private static Pattern globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
