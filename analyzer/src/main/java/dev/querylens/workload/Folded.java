package dev.querylens.workload;

/**
 * What the workload did not keep in detail, so that memory stayed bounded (see {@link MemoryLimits}).
 * The executions of folded groups are still counted: the kept groups' calls plus {@code executions}
 * are all the executions read.
 *
 * @param statementGroups groups folded into the remainder; a shape that came back after being
 *                        folded and was folded again counts twice, so this bounds the distinct
 *                        shapes from above
 * @param executions      executions those groups stood for
 * @param totalTimeMs     their combined duration, where the source reported one
 * @param sessionsEvicted sessions closed before their end because too many were open at once;
 *                        a sequence that spanned the eviction is judged as two
 */
public record Folded(long statementGroups, long executions, double totalTimeMs, long sessionsEvicted) {
    public static final Folded NONE = new Folded(0, 0, 0, 0);

    public boolean any() {
        return statementGroups > 0 || sessionsEvicted > 0;
    }
}
