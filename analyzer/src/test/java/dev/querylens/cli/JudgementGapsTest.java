package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that could not judge says so in one stderr line with what to add: offline on queries alone the
 * statements' tables are unknown; with the schema they are known, but no plans or statistics were
 * read; with plans too nothing is missing for the tables they cover.
 */
class JudgementGapsTest {
    @TempDir
    Path dir;

    /** The stderr lines of an offline analyze that say what the run could not judge. */
    private List<String> gaps(String... args) throws Exception {
        Path out = dir.resolve("r" + System.nanoTime() + ".json");
        List<String> all = new ArrayList<>(List.of("analyze", "-q", "--format", "json", "-o", out.toString()));
        all.addAll(List.of(args));
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, QueryLensCommand.execute(all.toArray(String[]::new)));
        } finally {
            System.setErr(saved);
        }
        JsonNode r = new ObjectMapper().readTree(out.toFile());
        // nothing in the input is wrong: the report's diagnostics stay free of it
        r.get("diagnostics").forEach(d -> assertTrue(!d.get("message").asText().contains("could not fully judge"), d.toString()));
        return err.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("querylens analyze: could not fully judge"))
                .map(l -> l.substring("querylens analyze: ".length())).toList();
    }

    @Test
    void queriesWithoutASchemaSayWhatToAdd() throws Exception {
        List<String> offline = gaps(Samples.TASKBOARD.resolve("queries").toString());
        assertEquals(1, offline.size(), offline.toString());
        assertTrue(offline.get(0).matches("could not fully judge the workload: (\\d+) of \\1 statements name tables no schema describes"
                + " \\(0 tables known\\), and no plans or table statistics were read; add --schema .* or --db URL .*"), offline.get(0));

        List<String> withSchema = gaps("--schema", Samples.MIGRATIONS.toString(), Samples.TASKBOARD.resolve("queries").toString());
        assertEquals(1, withSchema.size(), withSchema.toString());
        assertTrue(withSchema.get(0).startsWith("could not fully judge the workload: no plans or table statistics were read; add --db URL"),
                withSchema.get(0));
    }

    @Test
    void aRunWithNoStatementsHasNothingToSay() throws Exception {
        assertEquals(List.of(), gaps(Samples.MIGRATIONS.toString()));
    }
}
