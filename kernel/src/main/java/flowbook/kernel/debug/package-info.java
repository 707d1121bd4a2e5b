/**
 * JupyterLab's debugger for Java cells: Jupyter's debug protocol ({@code debug_request} on control,
 * DAP inside, {@code debug_event} on IOPub) served by JDI attached to this JVM's own JDWP agent.
 *
 * <p>A layer beside the request handlers, as ipykernel's {@code debugger.py} is: the protocol layer
 * hands every {@code debug_request} to a {@link flowbook.kernel.debug.Debugger} and sends back what
 * it returns. {@link flowbook.kernel.debug.DebugSession} holds the table of DAP commands, {@link
 * flowbook.kernel.debug.WrapperLines} maps JShell's wrapper classes to the cell's own lines, and
 * {@link flowbook.kernel.debug.Murmur2} names cells the way JupyterLab does.
 */
package flowbook.kernel.debug;
