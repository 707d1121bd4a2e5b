package flowbook.kernel.protocol;

import com.google.gson.JsonObject;
import flowbook.kernel.output.CellError;
import flowbook.kernel.output.CellOutput;
import flowbook.kernel.output.StreamName;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.List;

/**
 * Publishes a cell's outputs on IOPub as children of its {@code execute_request}, also after the
 * cell has replied (threads it started keep writing there).
 */
final class IopubOutput implements CellOutput {
  private final Iopub iopub;
  private final Message request;

  IopubOutput(Iopub iopub, Message request) {
    this.iopub = iopub;
    this.request = request;
  }

  @Override
  public void started(int executionCount, String code) {
    JsonObject content = new JsonObject();
    content.addProperty("code", code);
    content.addProperty("execution_count", executionCount);
    iopub.publish("execute_input", content, request);
  }

  @Override
  public void stream(StreamName name, String text) {
    JsonObject content = new JsonObject();
    content.addProperty("name", name.wireName());
    content.addProperty("text", text);
    iopub.publish("stream", content, request);
  }

  @Override
  public void display(DisplayData data) {
    iopub.publish("display_data", bundle(data), request);
  }

  @Override
  public void updateDisplay(DisplayData data) {
    iopub.publish("update_display_data", bundle(data), request);
  }

  @Override
  public void clearOutput(boolean wait) {
    JsonObject content = new JsonObject();
    content.addProperty("wait", wait);
    iopub.publish("clear_output", content, request);
  }

  @Override
  public void executeResult(int executionCount, DisplayData data) {
    JsonObject content = bundle(data);
    content.remove("transient");
    content.addProperty("execution_count", executionCount);
    iopub.publish("execute_result", content, request);
  }

  @Override
  public void error(CellError error) {
    iopub.publish("error", errorContent(error), request);
  }

  /** {@code ename}, {@code evalue}, {@code traceback} of an error, as messages carry them. */
  static JsonObject errorContent(CellError error) {
    JsonObject content = new JsonObject();
    content.addProperty("ename", error.name());
    content.addProperty("evalue", error.value());
    content.add("traceback", Wire.gson().toJsonTree(List.copyOf(error.traceback())));
    return content;
  }

  /** {@code data}, {@code metadata} and (with a display id) {@code transient} of a bundle. */
  static JsonObject bundle(DisplayData data) {
    JsonObject json = Wire.gson().toJsonTree(data).getAsJsonObject();
    if (!json.has("metadata")) {
      json.add("metadata", new JsonObject());
    }
    if (!json.has("transient") || json.get("transient").isJsonNull()) {
      json.remove("transient");
      if (data.hasDisplayId()) {
        JsonObject transientPart = new JsonObject();
        transientPart.addProperty("display_id", data.getDisplayId());
        json.add("transient", transientPart);
      }
    }
    return json;
  }
}
