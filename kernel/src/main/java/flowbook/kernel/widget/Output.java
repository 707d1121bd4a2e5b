package flowbook.kernel.widget;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import flowbook.kernel.display.Renderer;
import java.util.ArrayList;
import java.util.List;

/**
 * An area of outputs the kernel fills and clears, e.g. inside a box beside the controls: {@code
 * out.appendStdout("line\n")}, {@code out.appendDisplayData(chart)}, {@code out.clearOutput()}.
 * ipywidgets' {@code Output} (its outputs are part of its state, so they survive a page reload).
 */
public final class Output extends DOMWidget<Output> {
  static final Model MODEL =
      Model.output("Output").dom().string("msg_id", "").array("outputs").build();
  private static final Gson GSON = new Gson();

  /** An empty output area. */
  public Output() {
    super(MODEL);
  }

  /** Adds {@code text} as standard output. */
  public Output appendStdout(String text) {
    return append(stream("stdout", text));
  }

  /** Adds {@code text} as standard error. */
  public Output appendStderr(String text) {
    return append(stream("stderr", text));
  }

  /** Adds {@code value} rendered as {@code display(value)} renders it (HTML, images, charts). */
  public Output appendDisplayData(Object value) {
    JsonObject output = new JsonObject();
    output.addProperty("output_type", "display_data");
    output.add("data", GSON.toJsonTree(Renderer.render(value)).getAsJsonObject().get("data"));
    output.add("metadata", new JsonObject());
    return append(output);
  }

  /** Removes every output. */
  public Output clearOutput() {
    set("outputs", List.of());
    return this;
  }

  private synchronized Output append(JsonObject output) {
    List<Object> outputs = new ArrayList<>((List<?>) get("outputs"));
    outputs.add(output);
    set("outputs", outputs);
    return this;
  }

  private static JsonObject stream(String name, String text) {
    JsonObject output = new JsonObject();
    output.addProperty("output_type", "stream");
    output.addProperty("name", name);
    output.addProperty("text", text);
    return output;
  }
}
