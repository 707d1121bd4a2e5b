package flowbook.kernel.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Renders a raw Javadoc comment (as JShell returns it from the JDK's {@code src.zip}) as HTML and
 * as plain text: inline tags become code or link text, block tags ({@code @param}, {@code
 * @return}, {@code @throws}, ...) become a short list.
 */
final class Javadoc {
  private static final Pattern INLINE_CODE = Pattern.compile("\\{@(?:code|literal)\\s?([^}]*)}");
  private static final Pattern INLINE_LINK =
      Pattern.compile("\\{@link(?:plain)?\\s+([^\\s}]+)(?:\\s+([^}]*))?}");
  private static final Pattern OTHER_INLINE = Pattern.compile("\\{@\\w+\\s*([^}]*)}");
  private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@(\\w+)\\s*");
  private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");

  private Javadoc() {}

  /** The comment as HTML. */
  static String toHtml(String raw) {
    Parsed parsed = parse(raw);
    StringBuilder html = new StringBuilder(inlineToHtml(parsed.body()));
    if (!parsed.tags().isEmpty()) {
      html.append("\n<dl>");
      String previous = null;
      for (String[] tag : parsed.tags()) {
        if (!tag[0].equals(previous)) {
          html.append("<dt>").append(tagTitle(tag[0])).append("</dt>");
          previous = tag[0];
        }
        html.append("<dd>").append(inlineToHtml(tag[1])).append("</dd>");
      }
      html.append("</dl>");
    }
    return html.toString();
  }

  /** The comment as plain text. */
  static String toPlain(String raw) {
    Parsed parsed = parse(raw);
    StringBuilder text = new StringBuilder(htmlToPlain(inlineToHtml(parsed.body())).strip());
    String previous = null;
    for (String[] tag : parsed.tags()) {
      if (!tag[0].equals(previous)) {
        text.append("\n\n").append(tagTitle(tag[0])).append(':');
        previous = tag[0];
      }
      text.append("\n  ").append(htmlToPlain(inlineToHtml(tag[1])).strip().replace("\n", " "));
    }
    return text.toString();
  }

  private record Parsed(String body, List<String[]> tags) {}

  private static Parsed parse(String raw) {
    Matcher matcher = BLOCK_TAG.matcher(raw);
    List<String[]> tags = new ArrayList<>();
    int bodyEnd = raw.length();
    String tag = null;
    int tagStart = -1;
    while (matcher.find()) {
      if (tag == null) {
        bodyEnd = matcher.start();
      } else {
        tags.add(new String[] {tag, raw.substring(tagStart, matcher.start()).strip()});
      }
      tag = matcher.group(1);
      tagStart = matcher.end();
    }
    if (tag != null) {
      tags.add(new String[] {tag, raw.substring(tagStart).strip()});
    }
    return new Parsed(raw.substring(0, bodyEnd).strip(), tags);
  }

  private static String inlineToHtml(String text) {
    String result =
        INLINE_CODE
            .matcher(text)
            .replaceAll(
                m ->
                    Matcher.quoteReplacement(
                        "<code>" + StringEscapeUtils.escapeHtml4(m.group(1)) + "</code>"));
    result =
        INLINE_LINK
            .matcher(result)
            .replaceAll(
                m -> {
                  String label = m.group(2) != null ? m.group(2) : m.group(1).replace('#', '.');
                  return Matcher.quoteReplacement("<code>" + label + "</code>");
                });
    return OTHER_INLINE.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
  }

  private static String htmlToPlain(String html) {
    String text = html.replaceAll("(?i)<p>|<br\\s*/?>", "\n");
    return StringEscapeUtils.unescapeHtml4(HTML_TAG.matcher(text).replaceAll(""));
  }

  private static String tagTitle(String tag) {
    return switch (tag) {
      case "param" -> "Parameters";
      case "return" -> "Returns";
      case "throws", "exception" -> "Throws";
      case "see" -> "See also";
      case "since" -> "Since";
      case "apiNote" -> "API note";
      case "implSpec" -> "Implementation requirements";
      case "implNote" -> "Implementation note";
      default -> tag;
    };
  }
}
