package flowbook.kernel.magic;

/** A magic could not do what was asked; the message says why and what to do instead. */
final class MagicException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The {@code ename} for wrong arguments or an unknown magic (as in IPython). */
  static final String USAGE = "UsageError";

  private final String errorName;

  /** A usage error: wrong or missing arguments, unknown magic. */
  MagicException(String message) {
    this(USAGE, message);
  }

  /** An error shown under {@code errorName}. */
  MagicException(String errorName, String message) {
    super(message);
    this.errorName = errorName;
  }

  /** The {@code ename} of the error the cell reports. */
  String errorName() {
    return errorName;
  }
}
