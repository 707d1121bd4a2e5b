package flowbook.kernel.widget;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a widget class declares: its model and view (name, module, version, as in ipywidgets 8.1's
 * schema {@code jupyterwidgetmodels.latest.json}) and its state keys, each with its type and
 * default. Built once per class, as a constant; the test {@code WidgetSchemaTest} compares every
 * one with the schema.
 */
final class Model {
  static final String CONTROLS = "@jupyter-widgets/controls";
  static final String BASE = "@jupyter-widgets/base";
  static final String OUTPUT = "@jupyter-widgets/output";
  private static final String CONTROLS_VERSION = "2.0.0";
  private static final String BASE_VERSION = "2.0.0";
  private static final String OUTPUT_VERSION = "1.0.0";

  /** The JSON type of a state key, named as the schema names them. */
  enum Type {
    STRING,
    INT,
    FLOAT,
    BOOL,
    ARRAY,
    REFERENCE,
    REFERENCES;

    /** The schema's name of this type ({@code reference} lists are arrays there). */
    String schemaName() {
      return switch (this) {
        case REFERENCES -> "array";
        default -> name().toLowerCase(java.util.Locale.ROOT);
      };
    }
  }

  /** One state key: its wire name, type and default (null where the schema allows none). */
  record Key(String name, Type type, Object defaultValue) {
    /** {@code value} as JSON; widgets become {@code "IPY_MODEL_<id>"}. */
    JsonElement toJson(Object value) {
      return switch (value) {
        case null -> JsonNull.INSTANCE;
        case Widget widget -> new JsonPrimitive(Widget.REFERENCE_PREFIX + widget.modelId());
        case Number number -> new JsonPrimitive(number);
        case Boolean bool -> new JsonPrimitive(bool);
        case String text -> new JsonPrimitive(text);
        case JsonElement json -> json;
        case List<?> list -> {
          JsonArray array = new JsonArray();
          list.forEach(item -> array.add(toJson(item)));
          yield array;
        }
        default -> new JsonPrimitive(value.toString());
      };
    }

    /**
     * {@code json} from a front end as this key's Java value.
     *
     * @throws IllegalArgumentException if it is not of this key's type
     */
    Object fromJson(JsonElement json) {
      if (json == null || json.isJsonNull()) {
        return null;
      }
      try {
        return switch (type) {
          case STRING -> json.getAsString();
          case INT -> json.getAsInt();
          case FLOAT -> json.getAsDouble();
          case BOOL -> json.getAsBoolean();
          case ARRAY -> {
            List<Object> list = new ArrayList<>();
            json.getAsJsonArray()
                .forEach(item -> list.add(item.isJsonPrimitive() ? item.getAsString() : item));
            yield List.copyOf(list);
          }
          case REFERENCE, REFERENCES ->
              throw new IllegalArgumentException("references are set by the kernel only");
        };
      } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
        throw new IllegalArgumentException(
            name + " must be " + type.schemaName() + ", not " + json, e);
      }
    }
  }

  private final String name;
  private final String module;
  private final String viewName;
  private final String viewModule;
  private final Map<String, Key> keys;

  private Model(
      String name, String module, String viewName, String viewModule, Map<String, Key> keys) {
    this.name = name;
    this.module = module;
    this.viewName = viewName;
    this.viewModule = viewModule;
    this.keys = Collections.unmodifiableMap(keys);
  }

  /**
   * A model of {@code @jupyter-widgets/controls} named {@code <prefix>Model}, view {@code
   * <prefix>View}.
   */
  static Builder controls(String prefix) {
    return new Builder(prefix + "Model", CONTROLS, prefix + "View", CONTROLS);
  }

  /**
   * A style model of {@code @jupyter-widgets/controls} with the base module's {@code StyleView}.
   */
  static Builder style(String prefix) {
    return new Builder(prefix + "Model", CONTROLS, "StyleView", BASE)
        .string("description_width", "");
  }

  /** A style model like {@link #style} but without {@code description_width} (a button's). */
  static Builder styleWithoutDescription(String prefix) {
    return new Builder(prefix + "Model", CONTROLS, "StyleView", BASE);
  }

  /** A model of {@code @jupyter-widgets/base}. */
  static Builder base(String prefix) {
    return new Builder(prefix + "Model", BASE, prefix + "View", BASE);
  }

  /** A model of {@code @jupyter-widgets/output}. */
  static Builder output(String prefix) {
    return new Builder(prefix + "Model", OUTPUT, prefix + "View", OUTPUT);
  }

  String name() {
    return name;
  }

  String module() {
    return module;
  }

  String version() {
    return versionOf(module);
  }

  String viewName() {
    return viewName;
  }

  String viewModule() {
    return viewModule;
  }

  String viewVersion() {
    return versionOf(viewModule);
  }

  /** Every state key, the {@code _model_*}/{@code _view_*} ones included, in declaration order. */
  Map<String, Key> keys() {
    return keys;
  }

  /**
   * The key {@code name}.
   *
   * @throws IllegalArgumentException if this model has no such key
   */
  Key key(String keyName) {
    Key key = keys.get(keyName);
    if (key == null) {
      throw new IllegalArgumentException(
          name + " has no state key " + keyName + "; its keys are " + keys.keySet());
    }
    return key;
  }

  private static String versionOf(String module) {
    return switch (module) {
      case OUTPUT -> OUTPUT_VERSION;
      case BASE -> BASE_VERSION;
      default -> CONTROLS_VERSION;
    };
  }

  /** Declares a model's keys; {@link #build} adds the {@code _model_*}/{@code _view_*} keys. */
  static final class Builder {
    private final String name;
    private final String module;
    private String viewName;
    private final String viewModule;
    private final Map<String, Key> keys = new LinkedHashMap<>();

    private Builder(String name, String module, String viewName, String viewModule) {
      this.name = name;
      this.module = module;
      this.viewName = viewName;
      this.viewModule = viewModule;
    }

    /** A view named {@code name} instead of the model's prefix with {@code View}. */
    Builder view(String name) {
      this.viewName = name;
      return this;
    }

    /** The keys of every DOM widget: classes, layout, tabbable, tooltip. */
    Builder dom() {
      return array("_dom_classes")
          .reference("layout")
          .bool("tabbable", null)
          .string("tooltip", null);
    }

    /** {@link #dom} plus the keys of a widget with a description and a style. */
    Builder described() {
      return dom()
          .string("description", "")
          .bool("description_allow_html", false)
          .reference("style");
    }

    Builder string(String key, String defaultValue) {
      return add(key, Type.STRING, defaultValue);
    }

    Builder integer(String key, Integer defaultValue) {
      return add(key, Type.INT, defaultValue);
    }

    Builder decimal(String key, Double defaultValue) {
      return add(key, Type.FLOAT, defaultValue);
    }

    Builder bool(String key, Boolean defaultValue) {
      return add(key, Type.BOOL, defaultValue);
    }

    Builder array(String key) {
      return add(key, Type.ARRAY, List.of());
    }

    Builder reference(String key) {
      return add(key, Type.REFERENCE, null);
    }

    Builder references(String key) {
      return add(key, Type.REFERENCES, List.of());
    }

    private Builder add(String key, Type type, Object defaultValue) {
      keys.put(key, new Key(key, type, defaultValue));
      return this;
    }

    Model build() {
      Map<String, Key> all = new LinkedHashMap<>();
      all.put("_model_module", new Key("_model_module", Type.STRING, module));
      all.put(
          "_model_module_version",
          new Key("_model_module_version", Type.STRING, versionOf(module)));
      all.put("_model_name", new Key("_model_name", Type.STRING, name));
      all.put("_view_module", new Key("_view_module", Type.STRING, viewModule));
      all.put(
          "_view_module_version",
          new Key("_view_module_version", Type.STRING, versionOf(viewModule)));
      all.put("_view_name", new Key("_view_name", Type.STRING, viewName));
      all.putAll(keys);
      return new Model(name, module, viewName, viewModule, all);
    }
  }
}
