package flowbook.kernel.widget;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A choice of one of {@code options}, shown by their {@code toString()}: {@code new
 * Dropdown<>(List.of("sine", "square"))}; the first option is chosen. Its value is the chosen
 * option itself. ipywidgets' {@code Dropdown} (the front end sees labels and an index).
 *
 * @param <T> the type of the options
 */
public final class Dropdown<T> extends ValueWidget<T, Dropdown<T>> {
  static final Model MODEL =
      Model.controls("Dropdown")
          .described()
          .array("_options_labels")
          .bool("disabled", false)
          .integer("index", null)
          .build();

  private volatile List<T> options = List.of();

  /** A dropdown without options: set them with {@link #options}. */
  public Dropdown() {
    super(MODEL, Style.DESCRIPTION);
  }

  /**
   * A dropdown of {@code options}, the first one chosen.
   *
   * @throws NullPointerException if options or one of them is null
   */
  public Dropdown(List<? extends T> options) {
    this();
    options(options);
  }

  /** A dropdown of {@code options}, the first one chosen. */
  @SafeVarargs
  public Dropdown(T... options) {
    this(Arrays.asList(options));
  }

  /** The options. */
  public List<T> options() {
    return options;
  }

  /**
   * Offers {@code options} and chooses the first (none if empty).
   *
   * @throws NullPointerException if options or one of them is null
   */
  public Dropdown<T> options(List<? extends T> options) {
    List<T> copy = List.copyOf(options);
    this.options = copy;
    set("_options_labels", copy.stream().map(String::valueOf).toList());
    set("index", copy.isEmpty() ? null : 0);
    return this;
  }

  /**
   * Chooses {@code value}.
   *
   * @throws IllegalArgumentException if it is not one of the options
   */
  @Override
  public Dropdown<T> value(T value) {
    Objects.requireNonNull(value, "value(null): choose one of the options");
    if (!options.contains(value)) {
      throw new IllegalArgumentException(value + " is not one of the options " + options);
    }
    return super.value(value);
  }

  /** The chosen option, or null when there is none. */
  @Override
  public T value() {
    return super.value();
  }

  @Override
  String valueKey() {
    return "index";
  }

  @Override
  T toValue(Object index) {
    List<T> current = options;
    return index instanceof Integer i && i >= 0 && i < current.size() ? current.get(i) : null;
  }

  @Override
  Object toState(T value) {
    return options.indexOf(value);
  }
}
