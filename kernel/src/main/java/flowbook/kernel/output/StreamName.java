package flowbook.kernel.output;

/** The two text streams of the Jupyter protocol. */
public enum StreamName {
  STDOUT("stdout"),
  STDERR("stderr");

  private final String wireName;

  StreamName(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in {@code stream} messages. */
  public String wireName() {
    return wireName;
  }
}
