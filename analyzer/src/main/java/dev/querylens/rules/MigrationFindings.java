package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Migrator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every migration finding shares: it is about the statement (its identity), at its file and line. */
final class MigrationFindings {
    private MigrationFindings() {
    }

    static Finding of(RuleContext context, MigrationStep step, String message, String fix, Map<String, Object> evidence) {
        Map<String, Object> ev = new LinkedHashMap<>(evidence);
        List<String> columns = step.op().column() == null || isIndexOperation(step) ? List.of() : List.of(step.op().column());
        return new Finding(context.definition().id(), context.severity(), message, step.normalizedSql(), step.op().table(),
                columns, List.of(step.at()), ev, fix);
    }

    static Finding of(RuleContext context, MigrationStep step, String message, String fix) {
        return of(context, step, message, fix, Map.of());
    }

    /** The migrator whose transaction the file runs in: the rule's {@code migrator} parameter, or detected from the file. */
    static Migrator migrator(RuleContext context, MigrationStep step) {
        String setting = context.text("migrator");
        return setting == null || setting.equals("auto") ? step.migrator() : Migrator.named(setting);
    }

    /**
     * Where a step that must not share the first statement's transaction goes (VALIDATE after ADD ...
     * NOT VALID: in the same transaction the first lock is still held during the scan), for the
     * migrator that applies the file.
     */
    static String separateTransaction(RuleContext context, MigrationStep step) {
        Migrator migrator = migrator(context, step);
        if (migrator == Migrator.PLAIN && step.explicitTransaction()) {
            return "after the COMMIT of the transaction this file opens";
        }
        return migrator.nextTransaction();
    }

    /** The statement as written, without its trailing semicolon and surrounding space, for fixes built from it. */
    static String statement(MigrationStep step) {
        String s = step.sql().strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
    }

    /** The statement with CONCURRENTLY put where PostgreSQL's grammar wants it (after INDEX). */
    static String concurrently(MigrationStep step) {
        Matcher m = Pattern.compile("(?i)^(create\\s+(?:unique\\s+)?index|drop\\s+index)\\s+").matcher(statement(step));
        return m.find() ? m.replaceFirst(m.group(1).replaceAll("\\s+", " ") + " CONCURRENTLY ") + ";" : statement(step) + ";";
    }

    private static boolean isIndexOperation(MigrationStep step) {
        return switch (step.op().kind()) {
            case CREATE_INDEX, DROP_INDEX, ADD_CONSTRAINT, VALIDATE_CONSTRAINT -> true;
            default -> false;
        };
    }
}
