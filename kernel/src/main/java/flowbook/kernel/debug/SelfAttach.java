package flowbook.kernel.debug;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Attaches JDI to this JVM's own JDWP agent, so that the kernel is the agent's one debugger.
 *
 * <p>The kernelspec starts the JVM with {@code
 * -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0}: the agent listens on
 * an ephemeral loopback port and writes it to its agent property {@code sun.jdwp.listenerAddress},
 * which {@code jdk.internal.vm.VMSupport} reads (hence {@code --add-exports
 * java.base/jdk.internal.vm=ALL-UNNAMED} beside it). The agent accepts one debugger; once the
 * kernel has attached, before the first cell runs, a second attach is refused.
 */
public final class SelfAttach {
  /** The JVM option that lets {@link #listenerAddress} read the agent's address. */
  public static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";

  private SelfAttach() {}

  /**
   * The address ({@code host:port} or {@code port}) the JDWP agent of this JVM listens on, or empty
   * when the JVM has no listening agent.
   *
   * @throws IllegalStateException when there may be an agent but its address cannot be read (the
   *     JVM lacks {@link #ADD_EXPORTS})
   */
  public static Optional<String> listenerAddress() {
    boolean agentOption =
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .anyMatch(argument -> argument.startsWith("-agentlib:jdwp"));
    if (!agentOption) {
      return Optional.empty();
    }
    try {
      Class<?> support = Class.forName("jdk.internal.vm.VMSupport");
      Properties properties = (Properties) support.getMethod("getAgentProperties").invoke(null);
      String address = properties.getProperty("sun.jdwp.listenerAddress");
      if (address == null) {
        throw new IllegalStateException(
            "the JDWP agent is loaded but does not listen (it needs server=y)");
      }
      return Optional.of(address.substring(address.indexOf(':') + 1)); // "dt_socket:port"
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (e instanceof IllegalStateException state) {
        throw state;
      }
      throw new IllegalStateException(
          "the JDWP agent's address cannot be read; start the JVM with " + ADD_EXPORTS, e);
    }
  }

  /**
   * Attaches to the agent at {@code address} on loopback.
   *
   * @throws IOException when the agent refuses (another debugger is attached) or is not there
   */
  public static VirtualMachine attach(String address) throws IOException {
    String port = address.substring(address.lastIndexOf(':') + 1);
    AttachingConnector connector =
        Bootstrap.virtualMachineManager().attachingConnectors().stream()
            .filter(c -> c.name().equals("com.sun.jdi.SocketAttach"))
            .findFirst()
            .orElseThrow(() -> new IOException("this JDK has no socket-attaching JDI connector"));
    Map<String, Connector.Argument> arguments = connector.defaultArguments();
    arguments.get("hostname").setValue("127.0.0.1");
    arguments.get("port").setValue(port);
    arguments.get("timeout").setValue("10000");
    try {
      return connector.attach(arguments);
    } catch (IllegalConnectorArgumentsException e) {
      throw new IOException("cannot attach to port " + port + ": " + e.getMessage(), e);
    }
  }
}
