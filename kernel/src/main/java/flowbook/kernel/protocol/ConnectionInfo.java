package flowbook.kernel.protocol;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The connection file Jupyter starts a kernel with (parsed by basekernel): where to bind and the
 * key messages are signed with.
 */
public record ConnectionInfo(KernelConnectionProperties properties) {
  /** Reads and parses the connection file at {@code path}. */
  public static ConnectionInfo read(Path path) throws IOException {
    return new ConnectionInfo(KernelConnectionProperties.parse(Files.readString(path)));
  }

  /**
   * The ZeroMQ address of a port: {@code tcp://ip:port} on the file's IP only, or, for the {@code
   * ipc} transport, {@code ipc://ip-port} as Jupyter names its socket files.
   */
  public String address(int port) {
    String transport = properties.getTransport() == null ? "tcp" : properties.getTransport();
    String ip = properties.getIp() == null ? "127.0.0.1" : properties.getIp();
    return "ipc".equals(transport)
        ? "ipc://" + ip + "-" + port
        : transport + "://" + ip + ":" + port;
  }

  /** The signer for the file's key and scheme; it signs nothing when the key is empty. */
  public HMACGenerator signer() throws GeneralSecurityException {
    return properties.createHMACGenerator();
  }

  /** Whether incoming messages must carry a valid signature (the file has a key). */
  public boolean signed() {
    return properties.getKey() != null && !properties.getKey().isEmpty();
  }
}
