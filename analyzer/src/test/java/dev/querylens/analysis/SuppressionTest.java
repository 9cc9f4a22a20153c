package dev.querylens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.querylens.collect.Diagnostic;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An inline suppression that names no rule must say so: a typo in it would otherwise look like it worked. */
class SuppressionTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownRuleIdInASuppressionIsADiagnosticThatLosesNoInput() throws Exception {
        Path sql = Files.writeString(dir.resolve("queries.sql"), """
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);
                -- querylens:ignore missing-index the nightly report may scan
                SELECT id FROM orders WHERE customer_id = $1;
                -- querylens:ignore misisng-index typo in the rule id
                SELECT id FROM orders WHERE status = $1;
                """);
        Report r = new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(List.of(sql), List.of(), null, ProjectConfig.none()));
        List<Diagnostic> named = r.diagnostics().stream().filter(d -> d.message().contains("querylens:ignore")).toList();
        assertEquals(1, named.size(), r.diagnostics().toString());
        Diagnostic d = named.get(0);
        assertEquals(sql.toString(), d.file());
        assertEquals(5, d.line());
        assertEquals("querylens:ignore names unknown rule 'misisng-index', so it suppresses nothing ('querylens rules' lists the rule ids)",
                d.message());
        assertFalse(d.inputLost(), "the statement was still analyzed");
        assertFalse(r.inputLost());
        // and the typo really suppressed nothing: the second statement's finding is reported
        assertEquals(1, r.findings().stream().filter(f -> f.rule().equals("missing-index")).count(), r.findings().toString());
        assertEquals(0, dev.querylens.cli.QueryLensCommand.execute("analyze", "-q", "-o", dir.resolve("r.txt").toString(), sql.toString()));
    }
}
