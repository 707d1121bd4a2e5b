package flowbook.kernel.debug;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.BooleanValue;
import com.sun.jdi.Field;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.PrimitiveValue;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expressions the debugger evaluates without compiling anything: a name or a path of fields
 * ({@code box.items.size}) for {@code evaluate} and hovers, and a comparison of such a path with a
 * literal ({@code i == 3}, {@code name != "x"}, {@code done}) for conditional breakpoints. Names
 * are looked up in the frame's locals, then {@code this}'s fields, then the cell variables.
 * Anything else is refused with a message saying what is understood.
 */
final class Expressions {
  static final String UNDERSTOOD =
      "the debugger evaluates a name or a field path (a.b.c), and conditions comparing one with a"
          + " literal (i == 3, i >= 2, s != \"x\", flag); not other Java";
  private static final Pattern PATH = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");
  private static final Pattern COMPARISON =
      Pattern.compile("\\s*(\\S+?)\\s*(==|!=|<=|>=|<|>)\\s*(.+?)\\s*");

  private Expressions() {}

  /** Refused expressions and missing names. */
  static final class NotUnderstood extends Exception {
    NotUnderstood(String message) {
      super(message);
    }
  }

  /** The value of {@code path} in {@code frame} (null frame: cell variables only). */
  static Value value(
      String expression,
      StackFrame frame,
      Supplier<List<Variables.Global>> globals,
      VirtualMachine vm)
      throws NotUnderstood {
    String path = expression.strip();
    if (!PATH.matcher(path).matches()) {
      throw new NotUnderstood(UNDERSTOOD);
    }
    String[] names = path.split("\\.");
    Value value = root(names[0], frame, globals, vm);
    for (int i = 1; i < names.length; i++) {
      if (!(value instanceof ObjectReference object)) {
        throw new NotUnderstood(String.join(".", List.of(names).subList(0, i)) + " has no fields");
      }
      Field field = object.referenceType().fieldByName(names[i]);
      if (field == null) {
        throw new NotUnderstood(
            object.referenceType().name() + " has no field " + names[i] + " (" + path + ")");
      }
      value = object.getValue(field);
    }
    return value;
  }

  private static Value root(
      String name, StackFrame frame, Supplier<List<Variables.Global>> globals, VirtualMachine vm)
      throws NotUnderstood {
    if (frame != null) {
      try {
        LocalVariable local = frame.visibleVariableByName(name);
        if (local != null) {
          return frame.getValue(local);
        }
      } catch (AbsentInformationException e) {
        // no local names: try fields and cell variables
      }
      ObjectReference self = frame.thisObject();
      if (self != null) {
        if (name.equals("this")) {
          return self;
        }
        Field field = self.referenceType().fieldByName(name);
        if (field != null) {
          return self.getValue(field);
        }
      }
    }
    for (Variables.Global global : globals.get()) {
      if (global.name().equals(name)) {
        return global.value(vm);
      }
    }
    throw new NotUnderstood("no variable " + name + " here");
  }

  /**
   * The primitive inside a box ({@code Integer}, {@code Boolean}, ...); other values as they are.
   */
  private static Value unboxed(Value value) {
    if (value instanceof ObjectReference object
        && !(value instanceof StringReference)
        && object.referenceType().name().startsWith("java.lang.")) {
      Field field = object.referenceType().fieldByName("value");
      if (field != null
          && !field.isStatic()
          && object.getValue(field) instanceof PrimitiveValue p) {
        return p;
      }
    }
    return value;
  }

  /** Whether {@code condition} holds in {@code frame}. */
  static boolean test(
      String condition,
      StackFrame frame,
      Supplier<List<Variables.Global>> globals,
      VirtualMachine vm)
      throws NotUnderstood {
    Matcher comparison = COMPARISON.matcher(condition);
    if (!comparison.matches()) {
      Value value = unboxed(value(condition, frame, globals, vm));
      if (value instanceof BooleanValue bool) {
        return bool.value();
      }
      throw new NotUnderstood(condition + " is not a boolean; " + UNDERSTOOD);
    }
    Value left = unboxed(value(comparison.group(1), frame, globals, vm));
    String operator = comparison.group(2);
    String literal = comparison.group(3);
    if (literal.equals("null")) {
      return switch (operator) {
        case "==" -> left == null;
        case "!=" -> left != null;
        default -> throw new NotUnderstood("null compares with == and != only");
      };
    }
    if (literal.length() >= 2 && literal.startsWith("\"") && literal.endsWith("\"")) {
      String text = literal.substring(1, literal.length() - 1);
      String actual = left instanceof StringReference string ? string.value() : null;
      return switch (operator) {
        case "==" -> text.equals(actual);
        case "!=" -> !text.equals(actual);
        default -> throw new NotUnderstood("strings compare with == and != only");
      };
    }
    if (literal.equals("true") || literal.equals("false")) {
      boolean expected = Boolean.parseBoolean(literal);
      if (!(left instanceof BooleanValue bool)) {
        throw new NotUnderstood(comparison.group(1) + " is not a boolean");
      }
      return operator.equals("==") ? bool.value() == expected : bool.value() != expected;
    }
    double number;
    try {
      number = Double.parseDouble(literal.replace("_", "").replaceAll("[LlFfDd]$", ""));
    } catch (NumberFormatException e) {
      throw new NotUnderstood(literal + " is no literal; " + UNDERSTOOD);
    }
    if (!(left instanceof PrimitiveValue primitive) || left instanceof BooleanValue) {
      throw new NotUnderstood(comparison.group(1) + " is not a number");
    }
    double actual = primitive.doubleValue();
    return switch (operator) {
      case "==" -> actual == number;
      case "!=" -> actual != number;
      case "<" -> actual < number;
      case "<=" -> actual <= number;
      case ">" -> actual > number;
      default -> actual >= number;
    };
  }
}
