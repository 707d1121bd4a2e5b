package flowbook.kernel.debug;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ArrayReference;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.InterfaceType;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.PrimitiveValue;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DAP's variables: values shown as text, and the {@code variablesReference}s by which a client
 * expands a frame's locals, the cell variables, an object's fields, an array's or a collection's
 * elements (in pages: {@code start}, {@code count}).
 *
 * <p>Values are read through JDI, which needs no suspended thread. Calling a method ({@code
 * toString}, a collection's {@code toArray}) does: only the served stopped thread is used, with
 * {@code INVOKE_SINGLE_THREADED}, and while it runs the debugger resumes any event that thread hits
 * ({@link #invoking}). References live until the served thread is resumed ({@link #clear}).
 */
final class Variables {
  private static final int TEXT_LIMIT = 200; // a value's text is cut here, as IDEs do
  private static final int PREVIEW_ELEMENTS = 10;
  private static final Set<String> BOXES =
      Set.of(
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Short",
          "java.lang.Byte",
          "java.lang.Character",
          "java.lang.Boolean",
          "java.lang.Double",
          "java.lang.Float");

  /** What a reference expands to. */
  sealed interface Container {}

  /** A frame's locals ({@code this} first, when there is one). */
  record Locals(ThreadReference thread, int frameIndex) implements Container {}

  /** An object's instance fields. */
  record Fields(ObjectReference object) implements Container {}

  /** An array's elements. */
  record Elements(ArrayReference array) implements Container {}

  /** A collection's or map's elements, through {@code toArray} in the stopped thread. */
  record CollectionElements(ObjectReference collection, boolean map) implements Container {}

  /** The session's cell variables. */
  record Globals() implements Container {}

  private final VirtualMachine vm;
  private final Map<Integer, Container> containers = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger(1);
  private volatile ThreadReference invoker; // the served stopped thread, null when none
  private volatile ThreadReference invoking; // the thread running a method for us, or null

  Variables(VirtualMachine vm) {
    this.vm = vm;
  }

  /** The thread methods may be invoked in (the served stopped thread), or null. */
  void invoker(ThreadReference thread) {
    this.invoker = thread;
  }

  /** The thread currently running a method for the debugger: its events are not stops. */
  ThreadReference invoking() {
    return invoking;
  }

  /** Forgets every reference (the thread they belong to runs again). */
  void clear() {
    containers.clear();
    invoker = null;
  }

  /** A new reference to {@code container}. */
  int register(Container container) {
    int reference = next.getAndIncrement();
    containers.put(reference, container);
    return reference;
  }

  /** The container of {@code reference}, or null when it is unknown or gone. */
  Container container(int reference) {
    return containers.get(reference);
  }

  /** DAP variables of {@code container}, from {@code start}, at most {@code count} (0: all). */
  JsonArray expand(Container container, int start, int count, List<Global> globals) {
    JsonArray variables = new JsonArray();
    switch (container) {
      case Locals locals -> addLocals(variables, locals);
      case Fields fields -> {
        ObjectReference object = fields.object();
        for (Field field : object.referenceType().allFields()) {
          if (!field.isStatic() && !field.isSynthetic()) {
            variables.add(describe(field.name(), object.getValue(field)));
          }
        }
      }
      case Elements elements -> addElements(variables, elements.array(), start, count);
      case CollectionElements collection -> {
        Value array = invoke(collection.collection(), collection.map() ? "entrySet" : "toArray");
        if (collection.map() && array instanceof ObjectReference entries) {
          array = invoke(entries, "toArray");
        }
        if (array instanceof ArrayReference elements) {
          addElements(variables, elements, start, count);
        }
      }
      case Globals ignored -> {
        for (Global global : globals) {
          variables.add(describe(global));
        }
      }
    }
    return variables;
  }

  private void addLocals(JsonArray variables, Locals locals) {
    try {
      StackFrame frame = locals.thread().frame(locals.frameIndex());
      ObjectReference self = frame.thisObject();
      if (self != null) {
        variables.add(describe("this", self));
      }
      List<LocalVariable> visible = frame.visibleVariables();
      Map<LocalVariable, Value> values = frame.getValues(visible);
      for (LocalVariable local : visible) {
        if (!local.name().contains("$")) { // JShell's and javac's synthetic locals
          variables.add(describe(local.name(), values.get(local)));
        }
      }
    } catch (AbsentInformationException e) {
      JsonObject note = variable("(no local names)", "the class was compiled without -g", "", 0);
      variables.add(note);
    } catch (IncompatibleThreadStateException | IndexOutOfBoundsException e) {
      variables.add(variable("(gone)", "the thread runs again", "", 0));
    }
  }

  private void addElements(JsonArray variables, ArrayReference array, int start, int count) {
    int length = array.length();
    int from = Math.max(0, Math.min(start, length));
    int to = count > 0 ? Math.min(length, from + count) : length;
    if (to > from) {
      List<Value> values = array.getValues(from, to - from);
      for (int i = from; i < to; i++) {
        variables.add(describe("[" + i + "]", values.get(i - from)));
      }
    }
  }

  /** One DAP variable: {@code name}, the value's text and type, a reference when expandable. */
  JsonObject describe(String name, Value value) {
    if (value == null) {
      return variable(name, "null", "null", 0);
    }
    String type = value.type().name();
    if (value instanceof PrimitiveValue primitive) {
      return variable(name, primitive.toString(), type, 0);
    }
    if (value instanceof StringReference string) {
      return variable(name, quoted(string.value()), "String", 0);
    }
    if (value instanceof ArrayReference array) {
      JsonObject described =
          variable(name, arrayPreview(array), type, register(new Elements(array)));
      described.addProperty("indexedVariables", array.length());
      return described;
    }
    ObjectReference object = (ObjectReference) value;
    ReferenceType referenceType = object.referenceType();
    if (BOXES.contains(type)) {
      Field field = referenceType.fieldByName("value");
      return variable(name, String.valueOf(object.getValue(field)), type, 0);
    }
    String text = text(object);
    if (implementsInterface(referenceType, "java.util.Collection")
        || implementsInterface(referenceType, "java.util.Map")) {
      if (invoker != null) {
        boolean map = implementsInterface(referenceType, "java.util.Map");
        JsonObject described =
            variable(name, text, type, register(new CollectionElements(object, map)));
        Value size = invoke(object, "size");
        if (size instanceof PrimitiveValue count) {
          described.addProperty("indexedVariables", count.intValue());
        }
        return described;
      }
    }
    return variable(name, text, type, register(new Fields(object)));
  }

  private String text(ObjectReference object) {
    Value text = invoke(object, "toString");
    if (text instanceof StringReference string) {
      return cut(string.value());
    }
    return object.referenceType().name() + "@" + object.uniqueID();
  }

  /** Calls {@code object.name()} in the served stopped thread; null when it cannot. */
  Value invoke(ObjectReference object, String name) {
    ThreadReference thread = invoker;
    if (thread == null) {
      return null;
    }
    List<Method> methods = object.referenceType().methodsByName(name);
    Method method =
        methods.stream().filter(m -> m.argumentTypeNames().isEmpty()).findFirst().orElse(null);
    if (method == null) {
      return null;
    }
    invoking = thread;
    try {
      return object.invokeMethod(thread, method, List.of(), ObjectReference.INVOKE_SINGLE_THREADED);
    } catch (Exception e) {
      return null;
    } finally {
      invoking = null;
    }
  }

  /**
   * Calls static method {@code name(Object)} of {@code type} with {@code value}; null on failure.
   */
  Value invokeStatic(ClassType type, String name, Value value) {
    ThreadReference thread = invoker;
    if (thread == null) {
      return null;
    }
    Method method = type.methodsByName(name).stream().findFirst().orElse(null);
    if (method == null) {
      return null;
    }
    invoking = thread;
    try {
      List<Value> arguments = new ArrayList<>();
      arguments.add(value);
      return type.invokeMethod(thread, method, arguments, ObjectReference.INVOKE_SINGLE_THREADED);
    } catch (Exception e) {
      return null;
    } finally {
      invoking = null;
    }
  }

  private String arrayPreview(ArrayReference array) {
    int length = array.length();
    StringBuilder text = new StringBuilder("[");
    List<Value> values = array.getValues(0, Math.min(length, PREVIEW_ELEMENTS));
    for (int i = 0; i < values.size(); i++) {
      Value value = values.get(i);
      text.append(i == 0 ? "" : ", ")
          .append(
              value instanceof StringReference s
                  ? quoted(s.value())
                  : value instanceof PrimitiveValue p
                      ? p.toString()
                      : value == null ? "null" : value.type().name());
    }
    return text.append(length > PREVIEW_ELEMENTS ? ", …]" : "]").toString();
  }

  private static boolean implementsInterface(ReferenceType type, String name) {
    if (type instanceof ClassType classType) {
      return classType.allInterfaces().stream().anyMatch(i -> i.name().equals(name));
    }
    if (type instanceof InterfaceType interfaceType) {
      return interfaceType.name().equals(name)
          || interfaceType.superinterfaces().stream().anyMatch(i -> implementsInterface(i, name));
    }
    return false;
  }

  static JsonObject variable(String name, String value, String type, int reference) {
    JsonObject variable = new JsonObject();
    variable.addProperty("name", name);
    variable.addProperty("value", value);
    variable.addProperty("type", type);
    variable.addProperty("evaluateName", name);
    variable.addProperty("variablesReference", reference);
    return variable;
  }

  static String quoted(String text) {
    return "\"" + cut(text).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  static String cut(String text) {
    return text.length() <= TEXT_LIMIT ? text : text.substring(0, TEXT_LIMIT - 1) + "…";
  }

  /**
   * A cell variable as DAP shows it: the live value, read through JDI from the static field that
   * holds it; its text is the one the kernel knew when the last cell ended unless a stopped thread
   * can call {@code toString} now.
   */
  JsonObject describe(Global global) {
    Value value = global.value(vm);
    if (value == null && !global.knownText().equals("null")) {
      return variable(global.name(), global.knownText(), global.type(), 0);
    }
    JsonObject described = describe(global.name(), value);
    if (invoker == null
        && value instanceof ObjectReference
        && !(value instanceof StringReference)) {
      described.addProperty("value", global.knownText());
    }
    described.addProperty("type", global.type());
    return described;
  }

  /**
   * A cell variable: its name and type, the class whose static field holds it, and its text as the
   * kernel knew it when the last cell ended.
   */
  record Global(String name, String type, String className, String knownText) {
    /** The value in the static field, or null when the class or field is gone. */
    Value value(VirtualMachine vm) {
      for (ReferenceType type : vm.classesByName(className)) {
        Field field = type.fieldByName(name);
        if (field != null && field.isStatic()) {
          return type.getValue(field);
        }
      }
      return null;
    }
  }
}
