package flowbook.kernel.display;

import java.util.Objects;

/**
 * Markdown text to show as {@code text/markdown}.
 *
 * @param text the Markdown source, never null
 */
public record Markdown(String text) {
  /** Rejects null text. */
  public Markdown {
    Objects.requireNonNull(text, "text");
  }
}
