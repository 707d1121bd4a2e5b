package flowbook.kernel.display;

import java.util.Objects;

/**
 * A piece of HTML to show as {@code text/html}; the markup is shown as is, so escape text that
 * comes from elsewhere with {@link Display#escapeHtml(String)}.
 *
 * @param markup the HTML, never null
 */
public record Html(String markup) {
  /** Rejects null markup. */
  public Html {
    Objects.requireNonNull(markup, "markup");
  }
}
