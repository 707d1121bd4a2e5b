package io.github.spencerpark.ijava;

import flowbook.kernel.display.Display;
import flowbook.kernel.display.Renderer;
import flowbook.kernel.magic.Notebook;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.util.List;

/**
 * The kernel handle IJava notebooks reach with {@code IJava.getKernelInstance()} (and JJava's with
 * {@code kernel()}), for the calls notebooks make: registering renderers and magics, evaluating
 * code, adding to the class path, displaying a bundle. It acts on Flowbook's running session.
 *
 * <p>A compatibility shim: this package holds only it and {@link IJava}, so that notebooks written
 * for IJava compile unchanged. IJava's other methods (its JShell, its code evaluator, its
 * configuration) do not exist here: kernel/README.md says what to write instead.
 */
public final class JavaKernel {
  private static final JavaKernel INSTANCE = new JavaKernel();

  private JavaKernel() {}

  static JavaKernel instance() {
    return INSTANCE;
  }

  /**
   * The renderer registry: {@code getRenderer().createRegistration(Type.class).preferring(
   * MIMEType.TEXT_HTML).register((value, context) -> ...)} makes cells show values of that type as
   * the function renders them, before Flowbook's own rendering.
   */
  public io.github.spencerpark.jupyter.kernel.display.Renderer getRenderer() {
    return Renderer.registrations();
  }

  /**
   * The registry of magics notebooks add ({@code registerLineMagic("name", args -> ...)}, {@code
   * registerCellMagic}, {@code registerMagics(Object)} with basekernel's {@code @LineMagic} and
   * {@code @CellMagic} methods); {@code %name} finds them after Flowbook's own magics of that name.
   */
  public Magics getMagics() {
    return Notebook.registeredMagics();
  }

  /** JJava's name for {@link #getMagics()}. */
  public Magics getMagicsRegistry() {
    return getMagics();
  }

  /** IJava's newer name for {@link #getMagics()}. */
  public Magics magics() {
    return getMagics();
  }

  /**
   * Evaluates {@code code} in the session and returns its last value, as {@code eval(code)} does.
   *
   * @throws Exception what the code threw; {@link IllegalArgumentException} if it does not compile
   */
  public Object evalRaw(String code) throws Exception {
    return Notebook.eval(code);
  }

  /**
   * Evaluates {@code code} and returns its last value rendered (IJava's {@code eval}); null when it
   * has no value.
   *
   * @throws Exception what the code threw; {@link IllegalArgumentException} if it does not compile
   */
  public DisplayData eval(String code) throws Exception {
    Object value = evalRaw(code);
    return value == null ? null : Renderer.render(value);
  }

  /**
   * Adds jars or class folders ({@code File.pathSeparator}-separated, globs allowed) to the class
   * path, as {@code %classpath} does.
   */
  public void addToClasspath(String path) {
    Notebook.lineMagic("classpath", List.of(path.split(java.io.File.pathSeparator)));
  }

  /** Shows {@code data} below the calling cell; returns its display id. */
  public String display(DisplayData data) {
    return Display.display(data);
  }
}
