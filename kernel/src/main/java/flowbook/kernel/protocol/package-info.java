/**
 * The Jupyter protocol over ZeroMQ, in two layers, as xeus has its server and its kernel core:
 *
 * <ul>
 *   <li>the channels ({@link flowbook.kernel.protocol.KernelServer}): sockets, their loops and
 *       threads, heartbeat, busy/idle status, signing ({@link flowbook.kernel.protocol.Wire}), the
 *       exit when the transport dies, shutdown; stdin has its own channel;
 *   <li>the request handlers ({@code RequestHandlers}): a parsed request to calls of {@link
 *       flowbook.kernel.JShellKernel} and the reply's JSON, with no socket in sight.
 * </ul>
 */
package flowbook.kernel.protocol;
