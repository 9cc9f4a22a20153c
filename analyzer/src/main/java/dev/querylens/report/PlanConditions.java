package dev.querylens.report;

import dev.querylens.sql.Fingerprinter;

/**
 * A plan node's conditions as reports show them. EXPLAIN prints the values a statement ran with
 * ({@code (email = 'carol@example.org'::text)}); like the statements themselves, reports show
 * them normalized (literals as $n) unless the user asked for literals with --show-literals.
 */
final class PlanConditions {
    private static final Fingerprinter FINGERPRINTER = new Fingerprinter();

    private PlanConditions() {
    }

    static String shown(String condition, RenderOptions options) {
        if (condition == null || options.showLiterals()) {
            return condition;
        }
        return FINGERPRINTER.normalize(condition);
    }
}
