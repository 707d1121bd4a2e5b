/**
 * Live views redrawn in place while a cell runs: a long stream shown as a bounded view ({@link
 * flowbook.kernel.view.StreamView}), progress bars, growing charts; {@link
 * flowbook.kernel.view.LiveDisplay} redraws one display at most about ten times a second.
 */
package flowbook.kernel.view;
