package dev.querylens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.querylens.advisor.PlannedWith;
import dev.querylens.database.PlannerStatistics;
import dev.querylens.report.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The planner statistics of each database's last advise run, kept between runs so the next one can
 * say which tables were analyzed meanwhile. One small JSON file; a database is keyed by a hash of
 * how it was reached (no host or user name is stored), and only the newest {@link #KEPT} are kept.
 * A file that cannot be read or written costs the comparison, never the advice.
 */
final class StatisticsHistory {
    static final int KEPT = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String key;

    StatisticsHistory(Path file, String databaseIdentity) {
        this.file = file;
        this.key = hash(databaseIdentity);
    }

    /** $XDG_CACHE_HOME/querylens/advise-statistics.json, or ~/.cache/querylens/... as the XDG base directories say. */
    static Path defaultFile() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("querylens").resolve("advise-statistics.json");
    }

    /** The advice notes' view: now, against this database's previous run (none when the file has no entry or cannot be read). */
    PlannedWith against(List<PlannerStatistics> now) {
        Map<String, PlannerStatistics> current = new LinkedHashMap<>();
        now.forEach(s -> current.put(s.qualifiedName(), s));
        Map<String, PlannerStatistics> previous = new LinkedHashMap<>();
        double at = Double.NaN;
        JsonNode entry = read().path("databases").path(key);
        if (entry.isObject()) {
            at = entry.path("at").asDouble(Double.NaN);
            entry.path("tables").fields().forEachRemaining(e -> {
                JsonNode t = e.getValue();
                int dot = e.getKey().indexOf('.');
                if (dot > 0) {
                    previous.put(e.getKey(), new PlannerStatistics(e.getKey().substring(0, dot), e.getKey().substring(dot + 1),
                            t.path("rows").asDouble(-1), t.hasNonNull("analyzedAt") ? t.get("analyzedAt").asDouble() : Double.NaN,
                            t.path("auto").asBoolean(), t.path("modified").asLong()));
                }
            });
        }
        return new PlannedWith(current, previous, at);
    }

    /** Records {@code now} as this database's latest run; returns why it could not, or null. */
    String record(List<PlannerStatistics> now, double atEpoch) {
        try {
            JsonNode old = read();
            ObjectNode root = JSON.createObjectNode();
            root.put("version", 1);
            ObjectNode databases = root.putObject("databases");
            ObjectNode mine = JSON.createObjectNode();
            mine.put("at", atEpoch);
            ObjectNode tables = mine.putObject("tables");
            for (PlannerStatistics s : now) {
                ObjectNode t = tables.putObject(s.qualifiedName());
                t.put("rows", s.rows());
                if (s.analyzed()) {
                    t.put("analyzedAt", s.analyzedAtEpoch());
                } else {
                    t.putNull("analyzedAt");
                }
                t.put("auto", s.byAutovacuum());
                t.put("modified", s.modifiedSinceAnalyze());
            }
            databases.set(key, mine);
            // the others, newest first, up to KEPT in all
            List<Map.Entry<String, JsonNode>> others = new ArrayList<>();
            old.path("databases").fields().forEachRemaining(e -> {
                if (!e.getKey().equals(key) && e.getValue().isObject()) {
                    others.add(e);
                }
            });
            others.sort((a, b) -> Double.compare(b.getValue().path("at").asDouble(), a.getValue().path("at").asDouble()));
            others.stream().limit(KEPT - 1).forEach(e -> databases.set(e.getKey(), e.getValue()));
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private JsonNode read() {
        try {
            return Files.isRegularFile(file) ? JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)) : JSON.createObjectNode();
        } catch (IOException | RuntimeException e) {
            // a damaged history is no history: the comparison is skipped and the next run rewrites it
            return JSON.createObjectNode();
        }
    }

    private static String hash(String identity) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
