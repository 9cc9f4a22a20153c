package dev.querylens.report;

import dev.querylens.advisor.ExactRefinement;
import dev.querylens.collect.Diagnostic;

/**
 * The index advisor's note on the exact selection (advise --exact): whether the plan shown is the
 * proven optimum, or how far from it it can be. It is one of the advisor's notes (so JSON and the
 * diagnostics list carry it), and the index plan of every view shows it too, since it says how
 * much to trust the plan.
 */
final class SelectionNote {
    private SelectionNote() {
    }

    /** The note, or null when the run had no --exact. */
    static String of(Report r) {
        return r.diagnostics().stream().filter(d -> d.file().equals("index advisor") && d.message().startsWith(ExactRefinement.NOTE))
                .map(Diagnostic::message).findFirst().orElse(null);
    }
}
