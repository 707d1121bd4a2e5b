package flowbook.asyncgen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** The compare-and-set handles of the library's state machines. */
final class VarHandles {
  private VarHandles() {}

  /**
   * The handle of field {@code name} (of type {@code type}) of the class that made {@code lookup};
   * called from static initialisers, so a missing field (a renaming gone wrong) fails class
   * loading.
   */
  static VarHandle field(MethodHandles.Lookup lookup, String name, Class<?> type) {
    try {
      return lookup.findVarHandle(lookup.lookupClass(), name, type);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
