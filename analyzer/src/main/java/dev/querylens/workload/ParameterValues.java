package dev.querylens.workload;

import dev.querylens.collect.Execution;
import dev.querylens.sql.Fingerprinter;
import java.util.ArrayList;
import java.util.List;

/** The values of a statement's $n, bound or inline, as its normalized text numbers them. */
final class ParameterValues {
    private ParameterValues() {
    }

    /**
     * The value of every $n of the normalized statement: the bound parameters first, then the
     * literals normalization replaced, in order. Computed only while a group still takes samples.
     */
    static List<String> of(Execution e) {
        List<String> constants = new ArrayList<>();
        new Fingerprinter().normalize(e.sql(), constants);
        return of(e, constants);
    }

    /**
     * {@link #of(Execution, List)} of an execution without bound values, given its
     * inline constants in a list of its own: where its text has no $n of its own (a simple-protocol
     * statement's usual case) the answer is those constants, so they are not copied once more.
     */
    static List<String> inline(Execution e, List<String> inline) {
        return inline.isEmpty() || Fingerprinter.highestParameter(e.sql()) > 0 ? of(e, inline) : inline;
    }

    /** As {@link #of(Execution)}, given the constants normalization replaced in {@code e}'s text. */
    private static List<String> of(Execution e, List<String> constants) {
        Fingerprinter fingerprinter = new Fingerprinter();
        List<String> bound = e.params();
        List<Integer> folded = e.params().isEmpty() ? List.of() : fingerprinter.collapsedParameters(e.sql());
        if (!folded.isEmpty()) {
            // the values of parameters an IN list folded away have no $n left: drop them so $n finds its own
            bound = new ArrayList<>();
            for (int k = 1; k <= e.params().size(); k++) {
                if (!folded.contains(k)) {
                    bound.add(e.params().get(k - 1));
                }
            }
        }
        if (constants.isEmpty()) {
            return bound;
        }
        List<String> values = new ArrayList<>(bound);
        int own = Fingerprinter.highestParameter(e.sql()) - folded.size();
        while (values.size() < own) {
            values.add(null);
        }
        values.addAll(constants);
        return values;
    }
}
