package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.collect.Execution;
import dev.querylens.collect.InputFiles;
import dev.querylens.collect.QueryTags;
import dev.querylens.collect.SimpleQueryStatements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The recogniser the sequence rules keep (reused matchers, remembered tags) answers as the plain
 * reading of the ORM table did, statement by statement and so session by session, on every
 * statement of every log the ORM sample applications wrote against a real PostgreSQL (samples/orms:
 * stderr, csvlog, jsonlog and the ORMs' own logs, which carry framework tags, application names and
 * each ORM's SQL).
 */
class OrmRecogniserTest {
    private static final Path ORMS = Path.of("..", "samples", "orms");

    /** The table read as OrmFixes.recognise read it before the recogniser: a fresh Matcher per pattern, per statement. */
    private static Optional<OrmFixes.Recognised> plainReading(QueryTags tags, String rawSql) {
        List<OrmFixes.Orm> orms = OrmFixes.table().orms();
        String framework = tags.framework() != null ? tags.framework() : tags.get("db_driver");
        if (framework != null) {
            for (OrmFixes.Orm o : orms) {
                if (o.framework() != null && o.framework().matcher(framework).find()) {
                    return Optional.of(new OrmFixes.Recognised(o, "the query comment's framework tag '" + framework + "'"));
                }
            }
        }
        String application = tags.applicationName();
        if (application != null) {
            for (OrmFixes.Orm o : orms) {
                if (o.application() != null && o.application().matcher(application).find()) {
                    return Optional.of(new OrmFixes.Recognised(o, "application_name '" + application + "'"));
                }
            }
        }
        if (rawSql != null) {
            String sql = rawSql.strip();
            for (OrmFixes.Orm o : orms) {
                for (Pattern p : o.sql()) {
                    if (p.matcher(sql).find()) {
                        return Optional.of(new OrmFixes.Recognised(o, "the shape of the SQL it writes"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<Execution> statements(Path file) {
        List<Execution> out = new ArrayList<>();
        new InputFiles(null, new ObjectMapper()).read(file, SimpleQueryStatements.splitting(e -> {
            if (e.sql() != null && !e.sql().isBlank()) {
                out.add(e);
            }
        }), d -> { });
        return out;
    }

    private static List<Path> logs() throws IOException {
        try (Stream<Path> files = Files.walk(ORMS)) {
            return files.filter(p -> p.getParent().getParent() != null && p.getParent().getParent().getFileName().toString().equals("logs"))
                    .filter(p -> !p.getFileName().toString().startsWith("pg_stat_statements"))
                    .sorted().toList();
        }
    }

    @Test
    void answersAsThePlainReadingOnEveryStatementOfTheOrmSamples() throws IOException {
        OrmRecogniser recogniser = new OrmRecogniser(OrmFixes.table());
        Map<String, Integer> byEvidence = new HashMap<>();
        int statements = 0;
        List<Path> logs = logs();
        assertTrue(logs.size() >= 7 * 3 * 4, "the sample logs: " + logs);
        for (Path log : logs) {
            for (Execution e : statements(log)) {
                Optional<OrmFixes.Recognised> expected = plainReading(e.tags(), e.sql());
                // asked twice, as the three rules of a run did: the remembered answer is the same
                assertEquals(expected, recogniser.recognise(e.tags(), e.sql()), log + ": " + e.sql());
                assertEquals(expected, recogniser.recognise(e.tags(), e.sql()), log + ": " + e.sql());
                // the same text with no tags reaches the SQL patterns, with space around it stripped as before
                assertEquals(plainReading(QueryTags.NONE, e.sql()), recogniser.recognise(QueryTags.NONE, "\n  " + e.sql() + " \t"));
                expected.ifPresent(r -> byEvidence.merge(r.evidence().substring(0, Math.min(14, r.evidence().length())), 1, Integer::sum));
                statements++;
            }
        }
        assertTrue(statements > 10_000, "statements read: " + statements);
        // every kind of evidence was exercised, or the comparison above proves little
        assertTrue(byEvidence.containsKey("the query comm"), byEvidence.toString());
        assertTrue(byEvidence.containsKey("application_na"), byEvidence.toString());
        assertTrue(byEvidence.containsKey("the shape of t"), byEvidence.toString());
    }

    @Test
    void eachSessionShowsTheSameOrmAsBefore() throws IOException {
        int sessionsWithOrm = 0;
        for (Path log : logs()) {
            List<Execution> executions = statements(log);
            // what SessionOrms now keeps, against the plain reading of each session's first 200 statements
            SessionOrms orms = new SessionOrms();
            Map<String, Optional<OrmFixes.Recognised>> expected = new LinkedHashMap<>();
            Map<String, Long> seen = new HashMap<>();
            for (Execution e : executions) {
                if (e.session() == null) {
                    continue;
                }
                long before = seen.merge(e.session(), 1L, Long::sum) - 1;
                orms.look(new dev.querylens.workload.SessionEvent(e.session(), null, "select", List.of(), e.timestamp(), e.durationMs(),
                        e.location(), e.sql(), 0, null, e.tags()), before);
                if (before < 200 && expected.getOrDefault(e.session(), Optional.empty()).isEmpty()) {
                    expected.put(e.session(), plainReading(e.tags(), e.sql()));
                }
            }
            for (Map.Entry<String, Optional<OrmFixes.Recognised>> s : expected.entrySet()) {
                OrmFixes.Recognised shown = orms.sharedBy(List.of(s.getKey()));
                assertEquals(s.getValue().map(r -> r.evidence() + " on the same connection"),
                        Optional.ofNullable(shown).map(OrmFixes.Recognised::evidence), log + " session " + s.getKey());
                assertEquals(s.getValue().map(r -> r.orm().id()), Optional.ofNullable(shown).map(r -> r.orm().id()));
                sessionsWithOrm += s.getValue().isPresent() ? 1 : 0;
            }
        }
        assertTrue(sessionsWithOrm > 20, "sessions that showed an ORM: " + sessionsWithOrm);
    }
}
