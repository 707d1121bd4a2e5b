package flowbook.kernel.magic;

import flowbook.kernel.CellOutcome;
import flowbook.kernel.display.Display;
import flowbook.kernel.display.Renderer;
import java.util.List;

/** {@code %%html} and {@code %%markdown}: the cell's text shown as HTML or Markdown. */
final class DisplayMagics {
  private DisplayMagics() {}

  static List<Magic> magics() {
    return List.of(
        new Magic(
            "html",
            true,
            "",
            "show the cell as HTML",
            """
            %%html (first line)
              Shows the rest of the cell as HTML (a text/html display_data), as written:
              nothing is escaped and no Java runs.""",
            call -> show(call, Display.html(text(call)))),
        new Magic(
            "markdown",
            true,
            "",
            "show the cell as Markdown",
            """
            %%markdown (first line)
              Shows the rest of the cell as Markdown (a text/markdown display_data); no Java
              runs.""",
            call -> show(call, Display.markdown(text(call)))));
  }

  private static String text(MagicCall call) {
    // The body keeps blank lines in place of the magic's; they mean nothing in a display.
    return call.body().strip() + "\n";
  }

  private static CellOutcome show(MagicCall call, Object value) throws MagicException {
    if (!call.arguments().isEmpty()) {
      throw new MagicException("%%html and %%markdown take no arguments, only the cell below");
    }
    call.display(Renderer.render(value));
    return call.ok();
  }
}
