package dev.querylens.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.querylens.database.LiveHealth;
import dev.querylens.engine.SequenceHistory;
import dev.querylens.report.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The small file {@code health --history FILE} keeps: one snapshot per run of how far each sequence
 * of one database had counted (time, schema, name, last_value), so the next run knows the rate. At
 * most {@value #MAX_SNAPSHOTS} snapshots are kept, the oldest dropped first; it is replaced
 * atomically. It names the database (hosts and database, not the role) and is refused for another,
 * so two databases' sequences are never mixed into a rate.
 *
 * <pre>
 * {"querylensHealthHistory": 1, "database": "postgresql://db.internal:5432/shop",
 *  "snapshots": [{"at": "2026-12-01T06:00:00Z", "sequences": [{"schema": "public", "name": "orders_id_seq", "lastValue": 1234}]}]}
 * </pre>
 */
public record HealthHistory(String database, List<Snapshot> snapshots) {
    static final int MAX_SNAPSHOTS = 400;
    private static final int VERSION = 1;

    /** One run's reading. */
    public record Snapshot(Instant at, List<SequenceHistory.Reading> sequences) {
        public Snapshot {
            sequences = List.copyOf(sequences);
        }
    }

    /** The file cannot be used: unreadable, not a history QueryLens wrote, or another database's. One line, no input echoed. */
    public static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    public HealthHistory {
        snapshots = List.copyOf(snapshots);
    }

    /** Which database a history belongs to: its hosts and name as shown, without the role. */
    public static String identity(String shown) {
        return shown.replaceFirst("^postgresql://[^@/]*@", "postgresql://");
    }

    /** The history in {@code file} for {@code database} (an identity); empty when the file does not exist yet. */
    public static HealthHistory read(Path file, String database) throws Unusable {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return new HealthHistory(database, List.of());
        } catch (IOException e) {
            throw new Unusable("cannot read the history " + file + ": " + e.getClass().getSimpleName());
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new Unusable(file + " is not a health history (not JSON, line " + e.getLocation().getLineNr() + "); it was left as it is");
        }
        if (root == null || !root.isObject() || root.path("querylensHealthHistory").asInt() != VERSION || !root.path("snapshots").isArray()) {
            throw new Unusable(file + " is not a health history QueryLens wrote (no \"querylensHealthHistory\": " + VERSION
                    + " with \"snapshots\"); it was left as it is");
        }
        String of = root.path("database").asText("");
        if (!of.equals(database)) {
            throw new Unusable(file + " is the history of another database, not of " + database + ": give each database its own file");
        }
        List<Snapshot> snapshots = new ArrayList<>();
        int n = 0;
        for (JsonNode s : root.get("snapshots")) {
            n++;
            Instant at;
            try {
                at = Instant.parse(s.path("at").asText(""));
            } catch (DateTimeParseException e) {
                throw new Unusable(file + ": snapshot " + n + " has no readable \"at\" time (ISO-8601, such as 2026-12-01T06:00:00Z)");
            }
            List<SequenceHistory.Reading> readings = new ArrayList<>();
            for (JsonNode q : s.path("sequences")) {
                if (!q.path("schema").isTextual() || !q.path("name").isTextual() || !q.path("lastValue").canConvertToLong()) {
                    throw new Unusable(file + ": snapshot " + n + " has a sequence without schema, name and an integer lastValue");
                }
                readings.add(new SequenceHistory.Reading(at, q.get("schema").asText(), q.get("name").asText(), q.get("lastValue").asLong()));
            }
            snapshots.add(new Snapshot(at, readings));
        }
        return new HealthHistory(database, snapshots);
    }

    /** The earlier readings, for the rules, as seen from a run at {@code now}. */
    public SequenceHistory sequences(Instant now) {
        return new SequenceHistory(now, snapshots.stream().flatMap(s -> s.sequences().stream()).toList());
    }

    /** This history with one more snapshot: the sequences {@code live} could read (never used or hidden ones are left out). */
    public HealthHistory with(Instant at, LiveHealth live) {
        List<SequenceHistory.Reading> readings = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (LiveHealth.SequenceUse s : live.sequences()) {
            // a sequence feeding several columns is listed once per column
            if (s.visible() && s.lastValue() != null && seen.add(s.schema() + "\u0000" + s.name())) {
                readings.add(new SequenceHistory.Reading(at, s.schema(), s.name(), s.lastValue()));
            }
        }
        List<Snapshot> next = new ArrayList<>(snapshots);
        next.add(new Snapshot(at, readings));
        return new HealthHistory(database, next.subList(Math.max(0, next.size() - MAX_SNAPSHOTS), next.size()));
    }

    /** Replaces {@code file} atomically: a run killed while writing leaves the previous history. */
    public void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("querylensHealthHistory", VERSION);
        root.put("database", database);
        ArrayNode list = root.putArray("snapshots");
        for (Snapshot s : snapshots) {
            ObjectNode o = list.addObject();
            o.put("at", s.at().toString());
            ArrayNode seqs = o.putArray("sequences");
            for (SequenceHistory.Reading r : s.sequences()) {
                seqs.addObject().put("schema", r.schema()).put("name", r.name()).put("lastValue", r.lastValue());
            }
        }
        String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        AtomicFile.write(file, text);
    }
}
