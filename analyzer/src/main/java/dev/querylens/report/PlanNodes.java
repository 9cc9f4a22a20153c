package dev.querylens.report;

import dev.querylens.plan.PlanNode;
import java.util.ArrayDeque;
import java.util.List;

/** Counts a plan subtree without recursion: a plan built in code may be deeper than the stack. */
final class PlanNodes {
    private PlanNodes() {
    }

    static long count(PlanNode subtree) {
        long count = 0;
        ArrayDeque<PlanNode> todo = new ArrayDeque<>(List.of(subtree));
        while (!todo.isEmpty()) {
            PlanNode n = todo.pop();
            count++;
            n.children().forEach(todo::push);
        }
        return count;
    }
}
