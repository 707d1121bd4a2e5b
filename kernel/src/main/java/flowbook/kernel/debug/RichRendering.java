package flowbook.kernel.debug;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import flowbook.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/**
 * A value as the kernel would display it, for {@code richInspectVariables}. Called in this JVM for
 * cell variables, and by JDI in a stopped thread for a frame's locals (the debugger cannot hand the
 * object itself across JDI, so the thread renders it and returns the JSON).
 */
public final class RichRendering {
  private RichRendering() {}

  /** The MIME bundle of {@code value} as JSON text: {@code {"data": {...}, "metadata": {}}}. */
  public static String json(Object value) {
    return bundle(value).toString();
  }

  /** The MIME bundle of {@code value}: text/plain always, HTML/images/charts where it has them. */
  static JsonObject bundle(Object value) {
    JsonObject data = new JsonObject();
    try {
      DisplayData display = Renderer.render(value);
      // DisplayData keeps its bundle in a field named data; Gson reads it as the wire does
      var rendered = new Gson().toJsonTree(display).getAsJsonObject().get("data");
      if (rendered != null && rendered.isJsonObject()) {
        rendered.getAsJsonObject().entrySet().forEach(e -> data.add(e.getKey(), e.getValue()));
      }
    } catch (RuntimeException | LinkageError e) {
      data.addProperty("text/plain", "<cannot render: " + e + ">");
    }
    if (!data.has("text/plain")) {
      data.addProperty("text/plain", String.valueOf(value));
    }
    JsonObject bundle = new JsonObject();
    bundle.add("data", data);
    bundle.add("metadata", new JsonObject());
    return bundle;
  }
}
