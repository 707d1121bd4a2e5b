package flowbook.kernel.display;

import flowbook.asyncgen.Batcher;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Turns a value into the MIME bundle Jupyter shows.
 *
 * <ul>
 *   <li>Every bundle has {@code text/plain}: the text given by the caller (JShell's own rendering
 *       of the value) or {@link String#valueOf(Object)}.
 *   <li>{@link Html} adds {@code text/html}, {@link Markdown} {@code text/markdown}, a {@link
 *       RenderedImage} (e.g. a {@code BufferedImage}) {@code image/png}.
 *   <li>An XChart chart ({@code XYChart}, {@code CategoryChart}, {@code PieChart}, ...) {@code
 *       image/png}, drawn at its own size.
 *   <li>A value implementing basekernel's {@link DisplayDataRenderable} renders itself.
 * </ul>
 */
public final class Renderer {
  /**
   * Renderers registered by notebooks, as IJava's {@code getRenderer().createRegistration(...)}
   * does; consulted before Flowbook's own.
   */
  private static final io.github.spencerpark.jupyter.kernel.display.Renderer REGISTERED =
      new io.github.spencerpark.jupyter.kernel.display.Renderer();

  private Renderer() {}

  /**
   * The registry of renderers notebooks add ({@code
   * createRegistration(Type.class)...register(...)}), basekernel's, which IJava hands out; what it
   * renders for a type wins over Flowbook's rendering.
   *
   * @return the one registry of this JVM, shared by every cell
   */
  public static io.github.spencerpark.jupyter.kernel.display.Renderer registrations() {
    return REGISTERED;
  }

  /**
   * The bundle for {@code value} holding only {@code mimeTypes} (and {@code text/plain}), as
   * IJava's {@code renderAs}: a registered renderer's, else Flowbook's rendering; a {@link
   * CharSequence} is taken as the content of any type it does not render to ({@code
   * display("<b>x</b>", "text/html")}).
   *
   * @param value what to render
   * @param mimeTypes the types wanted; none means every type the value renders to
   * @return a new bundle, without a display id
   * @throws IllegalArgumentException if a type is wanted that the value cannot be rendered to,
   *     naming what it can be rendered to
   */
  public static DisplayData render(Object value, String... mimeTypes) {
    if (mimeTypes.length == 0) {
      return render(value);
    }
    DisplayData registered =
        value == null ? new DisplayData() : REGISTERED.renderAs(value, mimeTypes);
    DisplayData full = hasAny(registered, mimeTypes) ? registered : render(value);
    DisplayData result = new DisplayData(textOf(full, value));
    List<String> missing = new ArrayList<>();
    for (String type : mimeTypes) {
      MIMEType mime = MIMEType.parse(type);
      if (full.hasDataForType(mime)) {
        result.putData(mime, full.getData(mime));
      } else if (value instanceof CharSequence text) {
        result.putData(mime, text.toString());
      } else {
        missing.add(type);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot show a "
              + (value == null ? "null" : value.getClass().getName())
              + " as "
              + String.join(", ", missing)
              + ": it renders as "
              + String.join(", ", typesOf(full))
              + "; pass the content as a String (display(text, \""
              + missing.get(0)
              + "\")) or register a renderer for the type");
    }
    return result;
  }

  private static boolean hasAny(DisplayData data, String... mimeTypes) {
    for (String type : mimeTypes) {
      if (data.hasDataForType(MIMEType.parse(type))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> typesOf(DisplayData data) {
    List<String> types = new ArrayList<>();
    for (MIMEType type :
        List.of(
            MIMEType.TEXT_PLAIN,
            MIMEType.TEXT_HTML,
            MIMEType.TEXT_MARKDOWN,
            MIMEType.IMAGE_PNG,
            MIMEType.IMAGE_SVG,
            MIMEType.APPLICATION_JSON)) {
      if (data.hasDataForType(type)) {
        types.add(type.toString());
      }
    }
    return types;
  }

  private static String textOf(DisplayData data, Object value) {
    Object text = data.getData(MIMEType.TEXT_PLAIN);
    return text != null ? text.toString() : plainText(value);
  }

  /**
   * The bundle for {@code value}, with {@code plainText} as its {@code text/plain}.
   *
   * @param value what to render; null or a value of no known kind gives {@code text/plain} only
   * @param plainText the {@code text/plain} form, for consoles
   * @return a new bundle, without a display id
   */
  public static DisplayData render(Object value, String plainText) {
    if (value instanceof DisplayData bundle) { // render(x, ...) as a cell's value
      return new DisplayData(bundle);
    }
    DisplayData registered = value == null ? new DisplayData() : REGISTERED.render(value);
    if (value != null
        && (typesOf(registered).size() > 1 || !registered.hasDataForType(MIMEType.TEXT_PLAIN))) {
      if (!registered.hasDataForType(MIMEType.TEXT_PLAIN)) {
        registered.putText(plainText);
      }
      return registered;
    }
    DisplayData data = new DisplayData(plainText);
    switch (value) {
      case Html html -> data.putHTML(html.markup());
      case Markdown markdown -> data.putMarkdown(markdown.text());
      case RenderedImage image -> data.putData("image/png", png(image));
      case Chart<?, ?> chart -> data.putData("image/png", png(draw(chart)));
      case Batcher<?, ?> batcher -> data.putHTML(batcher.toHtml()); // its counters, as a table
      case Batcher.Stats stats -> data.putHTML(stats.toHtml());
      case DisplayDataRenderable renderable -> renderSelf(renderable, data);
      case null, default -> {}
    }
    return data;
  }

  /**
   * The bundle for {@code value} with a {@code text/plain} that reads well for each kind.
   *
   * @param value what to render, null included
   * @return a new bundle, without a display id
   */
  public static DisplayData render(Object value) {
    return render(value, plainText(value));
  }

  /**
   * {@code text/plain} for a value shown on its own: markup for HTML/Markdown, else toString.
   *
   * @param value the value, null included
   * @return its text for consoles
   */
  public static String plainText(Object value) {
    return switch (value) {
      case DisplayData bundle -> String.valueOf(bundle.getData(MIMEType.TEXT_PLAIN));
      case Html html -> textOf(html.markup());
      case Markdown markdown -> markdown.text();
      case RenderedImage image -> imageDescription(image);
      case Chart<?, ?> chart -> chartDescription(chart);
      case null, default -> String.valueOf(value);
    };
  }

  /**
   * True for values whose {@link #plainText(Object)} reads better than JShell's rendering of them
   * (which for these is markup or an object's identity).
   *
   * @param value the value, null included
   * @return whether the kernel should show {@link #plainText(Object)} instead of JShell's text
   */
  public static boolean hasOwnPlainText(Object value) {
    return value instanceof Html
        || value instanceof DisplayData
        || value instanceof Markdown
        || value instanceof RenderedImage
        || value instanceof Chart<?, ?>;
  }

  /* A JDK without its font libraries (a "headless" package without its recommended packages, as in
   * slim container images) fails deep in AWT with NoClassDefFoundError; say what to install. */
  private static BufferedImage draw(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBufferedImage(chart);
    } catch (LinkageError e) {
      throw new IllegalStateException(
          "cannot draw the chart: this JDK finds no font libraries ("
              + e.getMessage()
              + "); install fontconfig and a font, e.g. on Debian: apt-get install fontconfig"
              + " fonts-dejavu-core libharfbuzz0b libfreetype6",
          e);
    }
  }

  /** HTML's text for plain-text front ends: tags dropped, entities decoded. */
  static String textOf(String markup) {
    String text = markup.replaceAll("(?i)<br\\s*/?>|</(p|div|li|tr|h[1-6])>", "\n");
    return org.apache.commons.text.StringEscapeUtils.unescapeHtml4(text.replaceAll("<[^>]*>", ""))
        .strip();
  }

  /**
   * True when the bundle has more than {@code text/plain}.
   *
   * @param data a rendered bundle
   * @return whether it has a rich form (HTML, Markdown, an image, ...)
   */
  public static boolean isRich(DisplayData data) {
    return data.hasDataForType(MIMEType.TEXT_HTML)
        || data.hasDataForType(MIMEType.TEXT_MARKDOWN)
        || data.hasDataForType(MIMEType.IMAGE_PNG);
  }

  private static String imageDescription(RenderedImage image) {
    return image.getClass().getSimpleName() + " " + image.getWidth() + "x" + image.getHeight();
  }

  private static String chartDescription(Chart<?, ?> chart) {
    String title = chart.getTitle() == null ? "" : chart.getTitle();
    return chart.getClass().getSimpleName()
        + (title.isEmpty() ? "" : " \"" + title + "\"")
        + " "
        + chart.getWidth()
        + "x"
        + chart.getHeight();
  }

  private static String png(RenderedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the image as PNG", e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /* basekernel's renderer knows how to ask a DisplayDataRenderable for its preferred types. */
  private static void renderSelf(DisplayDataRenderable renderable, DisplayData data) {
    data.assign(new io.github.spencerpark.jupyter.kernel.display.Renderer().render(renderable));
  }
}
