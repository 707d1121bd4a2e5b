/**
 * The display API every cell imports ({@link flowbook.kernel.display.Display}: {@code display},
 * {@code updateDisplay}, {@code html}, {@code markdown}, {@code progress}, {@code chart}) and the
 * rendering of values to MIME bundles ({@link flowbook.kernel.display.Renderer}).
 */
package flowbook.kernel.display;
