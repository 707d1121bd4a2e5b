package flowbook.kernel.debug;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.jdi.ClassType;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Location;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.ExceptionEvent;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.ExceptionRequest;
import com.sun.jdi.request.StepRequest;
import flowbook.kernel.cell.KernelThreads;
import flowbook.kernel.debug.StoppedThreads.Stop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.jshell.JShell;
import jdk.jshell.VarSnippet;

/**
 * The debugger of the kernel's cells: Jupyter's debug protocol served with JDI attached to this
 * very JVM. The table of DAP commands is {@link #commands}; each command is one method.
 *
 * <ul>
 *   <li>Every event request suspends only the thread that hit it (SUSPEND_EVENT_THREAD); the VM is
 *       never suspended. A hit on one of the kernel's own threads ({@code flowbook-*} but the
 *       snippet thread) resumes at once.
 *   <li>Breakpoints are kept per cell path; a class-prepare request on JShell's snippet classes
 *       arms them in each class before it runs, mapped through {@link WrapperLines}.
 *   <li>One stopped thread is served at a time under thread id 1 ({@link StoppedThreads}).
 *   <li>Steps stop only in snippet classes on lines of a cell: JDK, library and kernel frames and
 *       JShell's own wrapper lines are stepped through.
 *   <li>{@code inspectVariables} reads the cell variables the kernel knew at the end of the last
 *       cell, their live values through JDI: answered at once while a cell runs.
 *   <li>{@code disconnect} deletes every request and resumes every held thread; the JDI connection
 *       stays, so that no other debugger can take the agent.
 * </ul>
 */
/* Threads: requests run on the control thread; JDI events on flowbook-debug-events; a stop announced
 * late (SETTLE_NANOS) on the common pool's timer task. None ever waits for a cell. Method
 * invocations (toString, toArray, rendering) run in the served stopped thread, from the control
 * thread; the events that thread hits meanwhile are resumed at once. */
public final class DebugSession implements Debugger {
  private static final Logger LOG = Logger.getLogger(DebugSession.class.getName());
  private static final String SNIPPET_CLASSES = "REPL.*";
  private static final String SNIPPET_THREAD = "flowbook-snippet";
  /*
   * A stop soon after a resume is announced SETTLE_NANOS after it at the earliest. The response to
   * continue (or a step) goes out on the control socket before the thread runs, but the stop's
   * event travels on IOPub, another socket: jupyter_server may forward it first, and JupyterLab,
   * which clears its call stack and variables when that response arrives, then clears the new
   * stop's. The wait gives the response a head start; a person stepping does not notice 150 ms.
   */
  private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

  /** One DAP command: the arguments in, the response body out. */
  @FunctionalInterface
  private interface Command {
    JsonObject run(JsonObject arguments) throws Refused;
  }

  /** A request the debugger cannot serve as asked: its message says why and what to do. */
  private static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** A breakpoint as the client set it: a cell line and an optional condition. */
  private record Breakpoint(int line, String condition) {}

  private final SnippetClasses classes;
  private final Map<String, Command> commands;
  private final StoppedThreads stops = new StoppedThreads();
  private final Map<String, List<Breakpoint>> breakpoints = new ConcurrentHashMap<>(); // by path
  private final Map<String, List<ReferenceType>> loaded = new ConcurrentHashMap<>(); // by path
  private final List<EventRequest> armed = new CopyOnWriteArrayList<>(); // breakpoint requests
  private final Map<Integer, StackFrameRef> frames = new ConcurrentHashMap<>();
  // Frame ids are never reused across stops: JupyterLab keys its selected frame by source path and
  // id, and a step that reported the same id again left the old line highlighted and the old
  // variables shown (as debugpy does, ids only grow).
  private final AtomicInteger frameIds = new AtomicInteger();
  // Actions of the request being handled that wait for its response (see afterResponse).
  private final ThreadLocal<List<Runnable>> pendingAfterResponse = new ThreadLocal<>();
  private final List<EventRequest> exceptionRequests = new CopyOnWriteArrayList<>();
  private volatile List<Variables.Global> globals = List.of();
  private volatile Consumer<JsonObject> events = event -> {};
  private volatile VirtualMachine vm; // null until attached
  private volatile Variables variables;
  private volatile String unavailable; // why there is no debugger, or null
  private volatile boolean started; // between attach and disconnect
  private volatile boolean uncaughtOnly = true;
  private volatile boolean passThrough; // after an interrupt: no stops until the cell has ended
  private volatile long resumedAtNanos = System.nanoTime() - SETTLE_NANOS; // last continue or step
  private ClassPrepareRequest prepareRequest; // while started

  /** A frame the client was shown: the thread and the frame's index in it. */
  private record StackFrameRef(ThreadReference thread, int index) {}

  /**
   * A session for the cells {@code classes} watches; it attaches later ({@link #attach}). Until
   * then, and when attaching failed, requests are answered with an error saying so.
   */
  public DebugSession(SnippetClasses classes) {
    this.classes = classes;
    this.unavailable = "the debugger is still attaching; try again in a moment";
    classes.onCellStarting(() -> passThrough = false);
    classes.onCellFinished(
        () -> {
          passThrough = false;
          noteGlobals();
        });
    this.commands =
        Map.ofEntries(
            Map.entry("debugInfo", this::debugInfo),
            Map.entry("initialize", this::initialize),
            Map.entry("attach", this::attachClient),
            Map.entry("configurationDone", arguments -> new JsonObject()),
            Map.entry("setExceptionBreakpoints", this::setExceptionBreakpoints),
            Map.entry("dumpCell", this::dumpCell),
            Map.entry("setBreakpoints", this::setBreakpoints),
            Map.entry("source", this::source),
            Map.entry("threads", this::threads),
            Map.entry("stackTrace", this::stackTrace),
            Map.entry("scopes", this::scopes),
            Map.entry("variables", this::variables),
            Map.entry("continue", this::resume),
            Map.entry("next", arguments -> step(StepRequest.STEP_OVER)),
            Map.entry("stepIn", arguments -> step(StepRequest.STEP_INTO)),
            Map.entry("stepOut", arguments -> step(StepRequest.STEP_OUT)),
            Map.entry("pause", this::pause),
            Map.entry("evaluate", this::evaluate),
            Map.entry("inspectVariables", this::inspectVariables),
            Map.entry("richInspectVariables", this::richInspectVariables),
            Map.entry("disconnect", this::disconnect));
  }

  /**
   * Attaches to this JVM's JDWP agent at {@code address} and starts reading its events; call once,
   * before the first cell runs. A failure is logged and makes every request answer with it.
   */
  public void attach(String address) {
    try {
      VirtualMachine attached = SelfAttach.attach(address);
      attached.setDebugTraceMode(VirtualMachine.TRACE_NONE);
      this.variables = new Variables(attached);
      this.vm = attached;
      this.unavailable = null;
      RichRendering.class.getName(); // loaded, so that stopped threads can call it
      KernelThreads.start("flowbook-debug-events", this::readEvents);
      LOG.info("debugger attached to this JVM's JDWP agent on 127.0.0.1:" + address);
    } catch (Exception e) {
      this.unavailable = "the debugger could not attach to the JVM's JDWP agent: " + e.getMessage();
      LOG.log(Level.WARNING, unavailable, e);
    }
  }

  @Override
  public boolean available() {
    return true; // the agent is there; a failed attach is reported per request
  }

  @Override
  public void publishEventsTo(Consumer<JsonObject> sink) {
    this.events = sink;
  }

  @Override
  public void handle(JsonObject request, Consumer<JsonObject> reply) {
    String name = DapMessages.command(request);
    Command command = commands.get(name);
    if (command == null) {
      reply.accept(
          DapMessages.failure(
              request,
              "the Flowbook debugger does not support the DAP command '"
                  + name
                  + "'; it supports "
                  + String.join(", ", commands.keySet().stream().sorted().toList())));
      return;
    }
    String why = unavailable;
    if (why != null) {
      reply.accept(DapMessages.failure(request, why));
      return;
    }
    JsonObject response;
    List<Runnable> afterResponse = new ArrayList<>();
    pendingAfterResponse.set(afterResponse);
    try {
      response = DapMessages.success(request, command.run(DapMessages.arguments(request)));
    } catch (Refused e) {
      response = DapMessages.failure(request, e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "debug request " + name + " failed", e);
      response = DapMessages.failure(request, name + " failed: " + e);
    } finally {
      pendingAfterResponse.remove();
    }
    reply.accept(response);
    if (name.equals("initialize") && response.get("success").getAsBoolean()) {
      events.accept(DapMessages.event("initialized", new JsonObject()));
    }
    afterResponse.forEach(Runnable::run);
  }

  /**
   * Runs {@code action} once the response to the request being handled has gone out (at once
   * outside a request). A thread resumed by continue or a step runs only then, so the stop it may
   * reach comes after the response, in DAP's order: JupyterLab 4 clears its call stack and
   * variables when the response to continue arrives, and a stop that overtook it lost its
   * variables.
   */
  private void afterResponse(Runnable action) {
    List<Runnable> pending = pendingAfterResponse.get();
    if (pending == null) {
      action.run();
    } else {
      pending.add(action);
    }
  }

  /**
   * {@inheritDoc} Until the running cell has ended, breakpoints it hits on its way out pass too: an
   * interrupted cell must be able to end.
   */
  @Override
  public void resumeAll() {
    VirtualMachine machine = vm;
    if (machine == null) {
      return;
    }
    passThrough = true;
    deleteSteps(machine.eventRequestManager(), null);
    boolean any = false;
    for (Stop stop : stops.drain()) {
      resumeThread(stop.thread());
      any = true;
    }
    forgetFrames();
    if (any) {
      JsonObject body = new JsonObject();
      body.addProperty("threadId", StoppedThreads.CLIENT_THREAD_ID);
      body.addProperty("allThreadsContinued", true);
      events.accept(DapMessages.event("continued", body));
    }
  }

  // --- the commands ------------------------------------------------------------------------

  private JsonObject debugInfo(JsonObject arguments) {
    CellFiles files = classes.files();
    JsonObject body = new JsonObject();
    body.addProperty("isStarted", started);
    body.addProperty("hashMethod", "Murmur2");
    body.addProperty("hashSeed", Integer.toUnsignedLong(files.seed()));
    body.addProperty("tmpFilePrefix", files.prefix());
    body.addProperty("tmpFileSuffix", files.suffix());
    JsonArray list = new JsonArray();
    breakpoints.forEach(
        (path, lines) -> {
          JsonObject source = new JsonObject();
          source.addProperty("source", path);
          source.add("breakpoints", breakpointsJson(path, lines));
          list.add(source);
        });
    body.add("breakpoints", list);
    JsonArray stopped = new JsonArray();
    stops.served().ifPresent(stop -> stopped.add(StoppedThreads.CLIENT_THREAD_ID));
    body.add("stoppedThreads", stopped);
    body.addProperty("richRendering", true);
    body.add("exceptionPaths", new JsonArray());
    return body;
  }

  private JsonObject initialize(JsonObject arguments) {
    JsonObject body = new JsonObject();
    body.addProperty("supportsConfigurationDoneRequest", true);
    body.addProperty("supportsConditionalBreakpoints", true);
    body.addProperty("supportsEvaluateForHovers", true);
    body.addProperty("supportsDelayedStackTraceLoading", false);
    JsonArray filters = new JsonArray();
    filters.add(filter("raised", "Raised exceptions", false));
    filters.add(filter("uncaught", "Uncaught exceptions", false));
    body.add("exceptionBreakpointFilters", filters);
    return body;
  }

  private static JsonObject filter(String name, String label, boolean byDefault) {
    JsonObject filter = new JsonObject();
    filter.addProperty("filter", name);
    filter.addProperty("label", label);
    filter.addProperty("default", byDefault);
    return filter;
  }

  private synchronized JsonObject attachClient(JsonObject arguments) {
    if (!started) {
      EventRequestManager requests = vm.eventRequestManager();
      prepareRequest = requests.createClassPrepareRequest();
      prepareRequest.addClassFilter(SNIPPET_CLASSES);
      prepareRequest.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
      prepareRequest.enable();
      started = true;
      classes.watch(true);
      for (ReferenceType type : vm.allClasses()) { // classes of cells run before the debugger
        if (SnippetClasses.isSnippetClass(type.name()) && type.isPrepared()) {
          prepared(type);
        }
      }
      KernelThreads.start("flowbook-debug-globals", this::noteGlobals);
    }
    return new JsonObject();
  }

  private JsonObject setExceptionBreakpoints(JsonObject arguments) {
    EventRequestManager requests = vm.eventRequestManager();
    exceptionRequests.forEach(requests::deleteEventRequest);
    exceptionRequests.clear();
    Set<String> filters = new java.util.HashSet<>();
    JsonElement given = arguments.get("filters");
    if (given != null && given.isJsonArray()) {
      given.getAsJsonArray().forEach(f -> filters.add(f.getAsString()));
    }
    if (!filters.isEmpty()) {
      uncaughtOnly = !filters.contains("raised");
      ExceptionRequest request = requests.createExceptionRequest(null, true, true);
      request.addClassFilter(SNIPPET_CLASSES); // thrown in a cell's code
      request.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
      request.enable();
      exceptionRequests.add(request);
    }
    JsonObject body = new JsonObject();
    JsonArray verified = new JsonArray();
    filters.forEach(f -> verified.add(verifiedJson(true)));
    body.add("breakpoints", verified);
    return body;
  }

  private JsonObject dumpCell(JsonObject arguments) throws Refused {
    String code = DapMessages.string(arguments, "code", null);
    if (code == null) {
      throw new Refused("dumpCell needs the cell's code in arguments.code");
    }
    JsonObject body = new JsonObject();
    body.addProperty("sourcePath", classes.remember(code));
    return body;
  }

  private JsonObject setBreakpoints(JsonObject arguments) throws Refused {
    String path = DapMessages.string(sourceOf(arguments), "path", null);
    if (path == null) {
      throw new Refused("setBreakpoints needs arguments.source.path (a path dumpCell returned)");
    }
    List<Breakpoint> wanted = new ArrayList<>();
    JsonElement given = arguments.get("breakpoints");
    if (given != null && given.isJsonArray()) {
      for (JsonElement element : given.getAsJsonArray()) {
        JsonObject breakpoint = element.getAsJsonObject();
        String condition = DapMessages.string(breakpoint, "condition", "");
        wanted.add(new Breakpoint(DapMessages.integer(breakpoint, "line", 0), condition));
      }
    }
    if (wanted.isEmpty()) {
      breakpoints.remove(path);
    } else {
      breakpoints.put(path, List.copyOf(wanted));
    }
    rearm(path);
    JsonObject body = new JsonObject();
    body.add("breakpoints", breakpointsJson(path, wanted));
    return body;
  }

  private JsonArray breakpointsJson(String path, List<Breakpoint> lines) {
    JsonArray list = new JsonArray();
    for (Breakpoint breakpoint : lines) {
      JsonObject json = verifiedJson(true);
      json.addProperty("line", breakpoint.line());
      JsonObject source = new JsonObject();
      source.addProperty("path", path);
      json.add("source", source);
      if (!breakpoint.condition().isBlank()) {
        json.addProperty("condition", breakpoint.condition());
      }
      list.add(json);
    }
    return list;
  }

  private static JsonObject verifiedJson(boolean verified) {
    JsonObject json = new JsonObject();
    json.addProperty("verified", verified);
    return json;
  }

  private JsonObject source(JsonObject arguments) throws Refused {
    String path = DapMessages.string(sourceOf(arguments), "path", "");
    String code =
        classes
            .cellText(path)
            .orElseThrow(
                () -> new Refused("no cell of this session has the path " + path + "; run it"));
    JsonObject body = new JsonObject();
    body.addProperty("content", code);
    body.addProperty("mimeType", "text/x-java");
    return body;
  }

  private static JsonObject sourceOf(JsonObject arguments) {
    JsonElement source = arguments.get("source");
    return source != null && source.isJsonObject() ? source.getAsJsonObject() : new JsonObject();
  }

  private JsonObject threads(JsonObject arguments) {
    JsonArray list = new JsonArray();
    JsonObject thread = new JsonObject();
    thread.addProperty("id", StoppedThreads.CLIENT_THREAD_ID);
    thread.addProperty(
        "name", stops.served().map(stop -> threadName(stop.thread())).orElse("cell"));
    list.add(thread);
    JsonObject body = new JsonObject();
    body.add("threads", list);
    return body;
  }

  private JsonObject stackTrace(JsonObject arguments) throws Refused {
    Stop stop = served();
    List<StackFrame> all;
    try {
      all = stop.thread().frames();
    } catch (IncompatibleThreadStateException e) {
      throw new Refused("the stopped thread runs again; wait for the next stop");
    }
    JsonArray list = new JsonArray();
    boolean reachedCell = false;
    for (int index = 0; index < all.size(); index++) {
      Location location = all.get(index).location();
      String type = location.declaringType().name();
      // A lambda's hidden proxy class (REPL.$JShell$12$$Lambda/0x...) is named after the snippet
      // but holds no cell line: shown, it was a frame on the cell's line 1.
      Optional<SnippetClasses.Mapped> mapped =
          type.contains("/") ? Optional.empty() : classes.lookup(type);
      if (mapped.isEmpty()) {
        if (!reachedCell) { // where a pause or an exception left the thread, above the cell
          list.add(frameJson(register(stop.thread(), index), location, null, 0));
        }
        continue;
      }
      reachedCell = true;
      int line = nearestCellLine(mapped.get().lines(), location.lineNumber());
      list.add(frameJson(register(stop.thread(), index), location, mapped.get(), line));
    }
    int start = Math.max(0, DapMessages.integer(arguments, "startFrame", 0));
    int levels = DapMessages.integer(arguments, "levels", 0);
    JsonArray page = new JsonArray();
    for (int i = start; i < list.size() && (levels <= 0 || i < start + levels); i++) {
      page.add(list.get(i));
    }
    JsonObject body = new JsonObject();
    body.add("stackFrames", page);
    body.addProperty("totalFrames", list.size());
    return body;
  }

  private static int nearestCellLine(WrapperLines lines, int wrapperLine) {
    for (int line = wrapperLine; line > 0; line--) {
      int cellLine = lines.cellLine(line);
      if (cellLine > 0) {
        return cellLine;
      }
    }
    return 1;
  }

  private JsonObject frameJson(
      int id, Location location, SnippetClasses.Mapped mapped, int cellLine) {
    JsonObject frame = new JsonObject();
    frame.addProperty("id", id);
    frame.addProperty("name", frameName(location));
    frame.addProperty("column", 1);
    if (mapped == null) {
      frame.addProperty("line", Math.max(location.lineNumber(), 0));
      frame.addProperty("presentationHint", "subtle");
      return frame;
    }
    JsonObject source = new JsonObject();
    source.addProperty("path", mapped.origin().path());
    source.addProperty("name", "cell");
    frame.add("source", source);
    frame.addProperty("line", cellLine);
    return frame;
  }

  private static String frameName(Location location) {
    String type = location.declaringType().name();
    String method = location.method().name();
    if (SnippetClasses.isSnippetClass(type)) {
      if (method.startsWith("do_it$")) {
        return "<cell>";
      }
      if (method.startsWith("lambda$")) {
        String rest = method.substring("lambda$".length());
        String enclosing = rest.contains("$") ? rest.substring(0, rest.indexOf('$')) : rest;
        return enclosing.startsWith("do_it") ? "<lambda>" : "<lambda in " + enclosing + ">";
      }
      int nested = type.lastIndexOf('$');
      String owner = type.substring(nested + 1);
      return owner.isEmpty()
              || Character.isDigit(owner.charAt(0))
              || type.matches(".*\\$\\d+[A-Z]*")
          ? method
          : owner + "." + method;
    }
    return type + "." + method + (location.lineNumber() > 0 ? ":" + location.lineNumber() : "");
  }

  private int register(ThreadReference thread, int index) {
    int id = frameIds.incrementAndGet();
    frames.put(id, new StackFrameRef(thread, index));
    return id;
  }

  private JsonObject scopes(JsonObject arguments) throws Refused {
    StackFrameRef frame = frame(DapMessages.integer(arguments, "frameId", -1));
    JsonArray list = new JsonArray();
    list.add(
        scope("Locals", variables.register(new Variables.Locals(frame.thread(), frame.index()))));
    list.add(scope("Globals", variables.register(new Variables.Globals())));
    JsonObject body = new JsonObject();
    body.add("scopes", list);
    return body;
  }

  private static JsonObject scope(String name, int reference) {
    JsonObject scope = new JsonObject();
    scope.addProperty("name", name);
    scope.addProperty("variablesReference", reference);
    scope.addProperty("expensive", false);
    return scope;
  }

  private JsonObject variables(JsonObject arguments) throws Refused {
    int reference = DapMessages.integer(arguments, "variablesReference", 0);
    Variables.Container container = variables.container(reference);
    if (container == null) {
      throw new Refused(
          "no variables under reference " + reference + " (they are gone once the thread runs)");
    }
    JsonObject body = new JsonObject();
    body.add(
        "variables",
        variables.expand(
            container,
            DapMessages.integer(arguments, "start", 0),
            DapMessages.integer(arguments, "count", 0),
            globals));
    return body;
  }

  private JsonObject resume(JsonObject arguments) throws Refused {
    Stop stop = served();
    deleteSteps(vm.eventRequestManager(), stop.thread());
    afterResponse(() -> releaseAndResume(stop));
    JsonObject body = new JsonObject();
    body.addProperty("allThreadsContinued", false);
    return body;
  }

  private JsonObject step(int depth) throws Refused {
    Stop stop = served();
    EventRequestManager requests = vm.eventRequestManager();
    deleteSteps(requests, stop.thread());
    StepRequest request = requests.createStepRequest(stop.thread(), StepRequest.STEP_LINE, depth);
    request.addClassFilter(SNIPPET_CLASSES); // JDK, library and kernel frames are stepped through
    request.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
    request.enable();
    afterResponse(() -> releaseAndResume(stop));
    return new JsonObject();
  }

  private JsonObject pause(JsonObject arguments) throws Refused {
    if (stops.served().isPresent()) {
      return new JsonObject();
    }
    ThreadReference cell =
        vm.allThreads().stream()
            .filter(thread -> SNIPPET_THREAD.equals(threadName(thread)))
            .filter(thread -> !thread.isSuspended())
            .findFirst()
            .orElseThrow(() -> new Refused("no cell is running; there is nothing to pause"));
    cell.suspend();
    announceIfServed(new Stop(cell, "pause", "paused"));
    return new JsonObject();
  }

  private JsonObject evaluate(JsonObject arguments) throws Refused {
    String expression = DapMessages.string(arguments, "expression", "");
    int frameId = DapMessages.integer(arguments, "frameId", -1);
    StackFrame frame = null;
    if (frameId >= 0 && frames.containsKey(frameId)) {
      StackFrameRef ref = frames.get(frameId);
      try {
        frame = ref.thread().frame(ref.index());
      } catch (IncompatibleThreadStateException e) {
        throw new Refused("the stopped thread runs again; wait for the next stop");
      }
    }
    try {
      Value value = Expressions.value(expression, frame, () -> globals, vm);
      JsonObject described = variables.describe(expression, value);
      JsonObject body = new JsonObject();
      body.add("result", described.get("value"));
      body.add("type", described.get("type"));
      body.add("variablesReference", described.get("variablesReference"));
      if (described.has("indexedVariables")) {
        body.add("indexedVariables", described.get("indexedVariables"));
      }
      return body;
    } catch (Expressions.NotUnderstood e) {
      throw new Refused(e.getMessage());
    }
  }

  private JsonObject inspectVariables(JsonObject arguments) {
    JsonArray list = new JsonArray();
    for (Variables.Global global : globals) {
      list.add(variables.describe(global));
    }
    JsonObject body = new JsonObject();
    body.add("variables", list);
    return body;
  }

  private JsonObject richInspectVariables(JsonObject arguments) throws Refused {
    String name = DapMessages.string(arguments, "variableName", "");
    int frameId = DapMessages.integer(arguments, "frameId", -1);
    if (frameId >= 0 && frames.containsKey(frameId) && stops.served().isPresent()) {
      StackFrameRef ref = frames.get(frameId);
      try {
        Value value = Expressions.value(name, ref.thread().frame(ref.index()), () -> globals, vm);
        Value json = renderInStoppedThread(value);
        if (json instanceof StringReference text) {
          return JsonParser.parseString(text.value()).getAsJsonObject();
        }
        return RichRendering.bundle(variables.describe(name, value).get("value").getAsString());
      } catch (Expressions.NotUnderstood e) {
        throw new Refused(e.getMessage());
      } catch (IncompatibleThreadStateException e) {
        throw new Refused("the stopped thread runs again; wait for the next stop");
      }
    }
    for (Variables.Global global : globals) {
      if (global.name().equals(name)) {
        return RichRendering.bundle(liveValue(global));
      }
    }
    throw new Refused("no cell variable " + name);
  }

  private Value renderInStoppedThread(Value value) {
    List<ReferenceType> types = vm.classesByName(RichRendering.class.getName());
    if (types.isEmpty() || !(types.get(0) instanceof ClassType type)) {
      return null;
    }
    return variables.invokeStatic(type, "json", value);
  }

  /** The object in a cell variable, read in this JVM (the kernel's own objects). */
  private Object liveValue(Variables.Global global) {
    Class<?> type = classes.loadedClass(global.className());
    if (type == null) {
      return null;
    }
    try {
      java.lang.reflect.Field field = type.getField(global.name());
      field.setAccessible(true); // the wrapper class is not public; its module is open
      return field.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private synchronized JsonObject disconnect(JsonObject arguments) {
    EventRequestManager requests = vm.eventRequestManager();
    armed.forEach(requests::deleteEventRequest);
    armed.clear();
    exceptionRequests.forEach(requests::deleteEventRequest);
    exceptionRequests.clear();
    if (prepareRequest != null) {
      requests.deleteEventRequest(prepareRequest);
      prepareRequest = null;
    }
    breakpoints.clear();
    loaded.clear();
    started = false;
    classes.watch(false);
    resumeAll();
    return new JsonObject();
  }

  // --- stops ----------------------------------------------------------------------------------

  private Stop served() throws Refused {
    return stops
        .served()
        .orElseThrow(() -> new Refused("no thread is stopped; set a breakpoint and run a cell"));
  }

  private StackFrameRef frame(int id) throws Refused {
    StackFrameRef frame = frames.get(id);
    if (frame == null || stops.served().isEmpty()) {
      throw new Refused("no frame " + id + " (frames are gone once the thread runs)");
    }
    return frame;
  }

  /** Holds {@code stop}; announces it when it is served now. */
  private void announceIfServed(Stop stop) {
    if (stops.offer(stop)) {
      announce(stop);
    }
  }

  private void announce(Stop stop) {
    long wait = SETTLE_NANOS - (System.nanoTime() - resumedAtNanos);
    if (wait > 0) {
      CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS)
          .execute(() -> announceIfStillServed(stop));
    } else {
      publishStopped(stop);
    }
  }

  /** Announces {@code stop} unless it was resumed meanwhile (disconnect, interrupt). */
  private void announceIfStillServed(Stop stop) {
    if (stops.served().filter(served -> served == stop).isPresent()) {
      publishStopped(stop);
    }
  }

  private void publishStopped(Stop stop) {
    variables.invoker(stop.thread());
    noteGlobalNames();
    JsonObject body = new JsonObject();
    body.addProperty("reason", stop.reason());
    body.addProperty("description", stop.description());
    body.addProperty("threadId", StoppedThreads.CLIENT_THREAD_ID);
    body.addProperty("allThreadsStopped", false);
    body.addProperty("preserveFocusHint", false);
    events.accept(DapMessages.event("stopped", body));
  }

  private void releaseAndResume(Stop stop) {
    forgetFrames();
    Optional<Stop> next = stops.release();
    resumedAtNanos = System.nanoTime();
    resumeThread(stop.thread());
    next.ifPresent(this::announce);
  }

  private void forgetFrames() {
    frames.clear();
    Variables current = variables;
    if (current != null) {
      current.clear();
    }
  }

  /* Once: the thread was suspended once (by its event, or by pause). Resuming "until the count is
   * 0" would race the thread's next event and resume that too. */
  private static void resumeThread(ThreadReference thread) {
    try {
      thread.resume();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "the thread ended meanwhile", e); // ObjectCollected, VMDisconnected
    }
  }

  private static void deleteSteps(EventRequestManager requests, ThreadReference thread) {
    for (StepRequest step : List.copyOf(requests.stepRequests())) {
      if (thread == null || step.thread().equals(thread)) {
        requests.deleteEventRequest(step);
      }
    }
  }

  private static String threadName(ThreadReference thread) {
    try {
      return thread.name();
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** A thread of the kernel's own, which must never stay stopped. */
  private static boolean isKernelThread(ThreadReference thread) {
    String name = threadName(thread);
    return name.startsWith("flowbook-") && !name.equals(SNIPPET_THREAD);
  }

  // --- JDI events -------------------------------------------------------------------------------

  private void readEvents() {
    VirtualMachine machine = vm;
    while (true) {
      EventSet set;
      try {
        set = machine.eventQueue().remove();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "the debugger's connection ended", e);
        return;
      }
      boolean keep = false;
      for (Event event : set) {
        try {
          keep |= handleEvent(event);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "debug event " + event + " failed", e);
        }
        if (event instanceof VMDisconnectEvent || event instanceof VMDeathEvent) {
          return;
        }
      }
      if (!keep) {
        set.resume();
      }
    }
  }

  /** Handles one event; true when its thread stays stopped. */
  private boolean handleEvent(Event event) {
    return switch (event) {
      case ClassPrepareEvent prepare -> {
        prepared(prepare.referenceType());
        yield false;
      }
      case BreakpointEvent hit -> hit(hit.thread(), hit.request(), "breakpoint", "breakpoint");
      case StepEvent step -> stepped(step);
      case ExceptionEvent thrown -> thrown(thrown);
      default -> false;
    };
  }

  private boolean hit(ThreadReference thread, EventRequest request, String reason, String text) {
    if (!started || passThrough || isKernelThread(thread) || thread.equals(variables.invoking())) {
      return false;
    }
    Object condition = request == null ? null : request.getProperty(Breakpoint.class);
    if (condition instanceof String test && !test.isBlank()) {
      try {
        if (!Expressions.test(test, thread.frame(0), () -> globals, vm)) {
          return false;
        }
      } catch (Expressions.NotUnderstood | IncompatibleThreadStateException e) {
        text = "condition " + test + " cannot be evaluated: " + e.getMessage();
      }
    }
    announceIfServed(new Stop(thread, reason, text));
    return true;
  }

  private boolean stepped(StepEvent step) {
    EventRequestManager requests = vm.eventRequestManager();
    requests.deleteEventRequest(step.request());
    ThreadReference thread = step.thread();
    Location location = step.location();
    Optional<SnippetClasses.Mapped> mapped = classes.lookup(location.declaringType().name());
    if (mapped.isPresent() && mapped.get().lines().cellLine(location.lineNumber()) > 0) {
      return hit(thread, null, "step", "step");
    }
    // JShell's own line: go on to the next line of the cell (or out of it)
    StepRequest again =
        requests.createStepRequest(thread, StepRequest.STEP_LINE, StepRequest.STEP_OVER);
    again.addClassFilter(SNIPPET_CLASSES);
    again.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
    again.enable();
    return false;
  }

  private boolean thrown(ExceptionEvent thrown) {
    Location caught = thrown.catchLocation();
    boolean caughtByCell =
        caught != null && SnippetClasses.isSnippetClass(caught.declaringType().name());
    if (uncaughtOnly && caughtByCell) {
      return false;
    }
    String type = thrown.exception().referenceType().name();
    return hit(thrown.thread(), null, "exception", type);
  }

  /** A snippet class was prepared (or found loaded): arm the breakpoints of its cell in it. */
  private void prepared(ReferenceType type) {
    Optional<SnippetClasses.Mapped> mapped = classes.lookup(type.name());
    if (mapped.isEmpty()) {
      return;
    }
    String path = mapped.get().origin().path();
    loaded.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(type);
    arm(type, mapped.get(), breakpoints.getOrDefault(path, List.of()));
  }

  private synchronized void rearm(String path) {
    EventRequestManager requests = vm.eventRequestManager();
    for (EventRequest request : List.copyOf(armed)) {
      if (path.equals(request.getProperty(String.class))) {
        requests.deleteEventRequest(request);
        armed.remove(request);
      }
    }
    List<Breakpoint> wanted = breakpoints.getOrDefault(path, List.of());
    for (ReferenceType type : loaded.getOrDefault(path, List.of())) {
      classes.lookup(type.name()).ifPresent(mapped -> arm(type, mapped, wanted));
    }
  }

  private synchronized void arm(
      ReferenceType type, SnippetClasses.Mapped mapped, List<Breakpoint> wanted) {
    EventRequestManager requests = vm.eventRequestManager();
    for (Breakpoint breakpoint : wanted) {
      for (int wrapperLine : mapped.lines().wrapperLines(breakpoint.line())) {
        List<Location> locations;
        try {
          locations = type.locationsOfLine(wrapperLine);
        } catch (com.sun.jdi.AbsentInformationException | RuntimeException e) {
          continue;
        }
        for (Location location : locations) {
          BreakpointRequest request = requests.createBreakpointRequest(location);
          request.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
          request.putProperty(String.class, mapped.origin().path());
          request.putProperty(Breakpoint.class, breakpoint.condition());
          request.enable();
          armed.add(request);
        }
      }
    }
  }

  // --- cell variables ---------------------------------------------------------------------------

  /**
   * Notes the session's variables and their text, on the thread that ran the cell, after it: what
   * {@code inspectVariables} answers with while the next cell runs.
   */
  private void noteGlobals() {
    if (!started) {
      return;
    }
    JShell shell = classes.shell();
    if (shell == null) {
      return;
    }
    List<Variables.Global> noted = new ArrayList<>();
    try {
      var analysis = shell.sourceCodeAnalysis();
      for (VarSnippet variable : shell.variables().toList()) {
        if (variable.name().startsWith("$")) {
          continue; // JShell's own results ($1, $2)
        }
        String className = analysis.wrapper(variable).fullClassName();
        Variables.Global global =
            new Variables.Global(variable.name(), variable.typeName(), className, "");
        noted.add(
            new Variables.Global(
                variable.name(), variable.typeName(), className, text(liveValue(global))));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "cannot list the session's variables", e);
      return;
    }
    globals = List.copyOf(noted);
  }

  /**
   * At a stop: the session's variables as JShell lists them now (the running cell's own included),
   * without calling any user code; their values are read through JDI when shown. JShell is idle
   * meanwhile: its thread waits for the cell's, or is stopped itself.
   */
  private void noteGlobalNames() {
    JShell shell = classes.shell();
    if (shell == null) {
      return;
    }
    Map<String, String> known = new java.util.HashMap<>();
    globals.forEach(global -> known.put(global.name(), global.knownText()));
    List<Variables.Global> noted = new ArrayList<>();
    try {
      var analysis = shell.sourceCodeAnalysis();
      for (VarSnippet variable : shell.variables().toList()) {
        if (!variable.name().startsWith("$")) {
          noted.add(
              new Variables.Global(
                  variable.name(),
                  variable.typeName(),
                  analysis.wrapper(variable).fullClassName(),
                  known.getOrDefault(variable.name(), "")));
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "cannot list the session's variables", e);
      return;
    }
    globals = List.copyOf(noted);
  }

  private static String text(Object value) {
    try {
      return Variables.cut(String.valueOf(value));
    } catch (RuntimeException | LinkageError e) {
      return "<toString failed: " + e + ">";
    }
  }
}
