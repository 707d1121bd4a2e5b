package flowbook.kernel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises IPython-style help cells: {@code ?Name}, {@code Name?} (and {@code ??}). */
final class HelpRequest {
  private static final String NAME = "([\\p{L}_$][\\w$]*(?:\\.[\\p{L}_$][\\w$]*)*)";
  private static final Pattern BEFORE = Pattern.compile("^\\s*\\?{1,2}\\s*" + NAME + "\\s*$");
  private static final Pattern AFTER = Pattern.compile("^\\s*" + NAME + "\\s*\\?{1,2}\\s*$");

  private HelpRequest() {}

  /** The name a help cell asks about, or empty when {@code code} is not a help cell. */
  static Optional<String> target(String code) {
    for (Pattern pattern : new Pattern[] {BEFORE, AFTER}) {
      Matcher matcher = pattern.matcher(code);
      if (matcher.matches()) {
        return Optional.of(matcher.group(1));
      }
    }
    return Optional.empty();
  }
}
