package flowbook.kernel.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Java widget's model against ipywidgets 8.1's own schema (a copy of its {@code
 * jupyterwidgetmodels.latest.json}, see the README beside it): model and view names, modules and
 * versions, and each state key with its type and default. A front end fills in nothing: a key
 * missing here, a wrong default or a wrong version shows as a broken widget there.
 */
class WidgetSchemaTest {
  private static final Map<String, JsonObject> SCHEMA = schema();

  static Stream<Named<Model>> models() {
    return Stream.of(
            IntSlider.MODEL,
            FloatSlider.MODEL,
            IntProgress.MODEL,
            Checkbox.MODEL,
            Text.MODEL,
            Dropdown.MODEL,
            Button.MODEL,
            Label.MODEL,
            HTML.MODEL,
            Play.MODEL,
            HBox.MODEL,
            VBox.MODEL,
            Output.MODEL,
            Layout.MODEL,
            Style.DESCRIPTION,
            Style.SLIDER,
            Style.PROGRESS,
            Style.CHECKBOX,
            Style.TEXT,
            Style.HTML,
            Style.LABEL,
            Style.BUTTON)
        .map(model -> Named.of(model.name(), model));
  }

  @ParameterizedTest
  @MethodSource("models")
  void modelMatchesIpywidgetsSchema(Model model) {
    JsonObject expected = Objects.requireNonNull(SCHEMA.get(model.name()), model.name());
    JsonObject modelPart = expected.getAsJsonObject("model");
    JsonObject viewPart = expected.getAsJsonObject("view");
    assertEquals(
        modelPart.get("module").getAsString() + " " + modelPart.get("version").getAsString(),
        model.module() + " " + model.version(),
        "model module and version");
    assertEquals(
        viewPart.get("name").getAsString()
            + " "
            + viewPart.get("module").getAsString()
            + " "
            + viewPart.get("version").getAsString(),
        model.viewName() + " " + model.viewModule() + " " + model.viewVersion(),
        "view");
    assertEquals(schemaKeys(expected), javaKeys(model), "state keys: type and default");
  }

  /** Each key as "type default", references by type only (their default is a new instance). */
  private static Map<String, String> schemaKeys(JsonObject model) {
    Map<String, String> keys = new TreeMap<>();
    for (JsonElement element : model.getAsJsonArray("attributes")) {
      JsonObject attribute = element.getAsJsonObject();
      String type = attribute.get("type").getAsString();
      String defaultValue =
          type.equals("reference") ? "" : " " + attribute.get("default").toString();
      keys.put(attribute.get("name").getAsString(), type + defaultValue);
    }
    return keys;
  }

  private static Map<String, String> javaKeys(Model model) {
    Map<String, String> keys = new TreeMap<>();
    for (Model.Key key : model.keys().values()) {
      String type = key.type().schemaName();
      String defaultValue =
          key.type() == Model.Type.REFERENCE ? "" : " " + key.toJson(key.defaultValue()).toString();
      keys.put(key.name(), type + defaultValue);
    }
    return keys;
  }

  private static Map<String, JsonObject> schema() {
    try (var in = WidgetSchemaTest.class.getResourceAsStream("jupyterwidgetmodels.latest.json")) {
      JsonArray models =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonArray();
      Map<String, JsonObject> byName = new LinkedHashMap<>();
      models.forEach(
          model ->
              byName.put(
                  model.getAsJsonObject().getAsJsonObject("model").get("name").getAsString(),
                  model.getAsJsonObject()));
      return byName;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
