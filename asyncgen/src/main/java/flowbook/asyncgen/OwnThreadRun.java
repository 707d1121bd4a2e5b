package flowbook.asyncgen;

/**
 * A run whose body has a virtual thread of its own ({@link SubscribedRun}, {@link IteratedRun}). It
 * is that thread's uncaught-exception handler, which is how code on the thread finds its runs.
 */
abstract class OwnThreadRun<T> extends GeneratorRun<T>
    implements Runnable, Thread.UncaughtExceptionHandler, Participation.Participant {
  /*
   * Every thread has an uncaught-exception handler field, so making the run the handler of the
   * thread it creates ties the two without a ThreadLocal: a ThreadLocal would give each body
   * thread a ThreadLocalMap of its own, 136 B per suspended generator (bench/README.md), where the
   * target is 512 B in all. Exceptions that do reach the handler go where they would have gone
   * without it: to the thread's group, which hands them to the default handler.
   */

  GeneratorRun<?> innermostOnThread; // body thread only: the run executing on it, null outside

  /** A new, unstarted virtual thread for this run's body. */
  final Thread newBodyThread() {
    return Thread.ofVirtual().uncaughtExceptionHandler(this).unstarted(this);
  }

  @Override
  public final void uncaughtException(Thread thread, Throwable error) {
    thread.getThreadGroup().uncaughtException(thread, error);
  }

  /** Reports an error that no signal can carry, as an uncaught exception of this thread. */
  static void report(Throwable error) {
    Thread.currentThread()
        .getUncaughtExceptionHandler()
        .uncaughtException(Thread.currentThread(), error);
  }
}
