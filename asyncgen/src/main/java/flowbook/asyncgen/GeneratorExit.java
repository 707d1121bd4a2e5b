package flowbook.asyncgen;

/**
 * Thrown out of {@code out.yield(...)} or {@code await(...)} inside a generator body when the
 * consumer closes or cancels the generator (Python's {@code GeneratorExit}).
 *
 * <p>It is an {@link Error}, not an {@link Exception}, for the reason Python's is a {@code
 * BaseException}: a body's {@code catch (Exception e)} must not swallow it. Let it propagate;
 * {@code finally} blocks run on the way out. A body that catches it and yields again gets an {@link
 * IllegalStateException}.
 */
public final class GeneratorExit extends Error {
  private static final long serialVersionUID = 1L;

  final transient Object owner; // the run it was thrown for; other runs let it pass through

  GeneratorExit(Object owner, String message) {
    super(message, null, false, false); // no stack trace: it is control flow, thrown often
    this.owner = owner;
  }
}
