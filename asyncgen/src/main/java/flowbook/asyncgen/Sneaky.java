package flowbook.asyncgen;

/** Rethrows any throwable unchanged, checked ones included, so callers see the original type. */
final class Sneaky {
  private Sneaky() {}

  static RuntimeException rethrow(Throwable t) {
    throw Sneaky.<RuntimeException>cast(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E cast(Throwable t) throws E {
    throw (E) t;
  }
}
