package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample log's auto_explain plans print the values they ran with; reports show them only with --show-literals. */
class PlanLiteralsTest {
    @TempDir
    Path dir;

    private String report(String format, boolean literals) throws Exception {
        Path out = dir.resolve("report." + format);
        String[] args = literals
                ? new String[] {"analyze", "--format", format, "-q", "--show-literals", "-o", out.toString(), Samples.TASKBOARD.toString()}
                : new String[] {"analyze", "--format", format, "-q", "-o", out.toString(), Samples.TASKBOARD.toString()};
        assertEquals(0, QueryLensCommand.execute(args));
        return Files.readString(out);
    }

    @Test
    void planConditionsInReportsAreNormalizedUnlessLiteralsAreAsked() throws Exception {
        String literal = "task_id = 199211"; // the Filter of the sample log's auto_explain plan
        assertTrue(Files.readString(Samples.STDERR_LOG).contains(literal));
        for (String format : new String[] {"json", "html", "markdown", "text", "sarif"}) {
            String shown = report(format, false);
            assertFalse(shown.contains("199211"), format + " shows a plan's literal");
            // plans/comments-of-task.json filters on task_id = 4242; its plan-seq-scan-filter finding quotes the filter
            assertFalse(shown.contains("task_id = 4242"), format + " shows a finding's plan literal");
        }
        assertTrue(report("json", false).contains("task_id = $1"));
        assertTrue(report("json", true).contains(literal));
        assertTrue(report("html", true).contains(literal));
    }
}
