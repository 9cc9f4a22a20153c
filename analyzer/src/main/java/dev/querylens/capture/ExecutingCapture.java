package dev.querylens.capture;

/**
 * Which capture, if any, the current thread is executing a statement through. A capture marks its
 * thread for the length of each execution; code below it (the driver-level watch of
 * {@link UncapturedStatements}) then knows the statement it sees is already recorded. The mark is
 * per thread because JDBC runs a statement on the caller's thread, from the capture's
 * {@code beforeQuery} to its {@code afterQuery}.
 */
final class ExecutingCapture {
    private static final ThreadLocal<Object> OWNER = new ThreadLocal<>();

    private ExecutingCapture() {
    }

    /** Marks the thread with {@code owner} and returns the previous mark, to give back to {@link #restore}. */
    static Object enter(Object owner) {
        Object previous = OWNER.get();
        OWNER.set(owner);
        return previous;
    }

    static void restore(Object previous) {
        if (previous == null) {
            OWNER.remove();
        } else {
            OWNER.set(previous);
        }
    }

    static Object owner() {
        return OWNER.get();
    }
}
