package flowbook.kernel.editor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells run in this kernel session, for {@code history_request}. Kept in memory: a session is
 * one kernel process, numbered {@link #SESSION}.
 */
public final class History {
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

  private final List<Entry> entries = new ArrayList<>(); // guarded by this

  /** Records cell {@code executionCount}'s source. */
  public synchronized void add(int executionCount, String input) {
    entries.add(new Entry(SESSION, executionCount, input));
  }

  /** The last {@code n} cells, oldest first; all of them when {@code n} is negative. */
  public synchronized List<Entry> tail(int n) {
    int from = n < 0 ? 0 : Math.max(0, entries.size() - n);
    return List.copyOf(entries.subList(from, entries.size()));
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
