package dev.querylens.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleDefinition;
import dev.querylens.engine.Severity;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: the rule catalog as {@code tool.driver.rules}, one
 * result per finding with a physical location (file relative to the repository root, line) when
 * the finding comes from a file and a logical location (the table) otherwise, and the stable
 * finding key as {@code partialFingerprints} so alerts follow code that moves.
 */
public final class SarifReportWriter implements ReportWriter {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final String FINGERPRINT_NAME = "queryLensFinding/v1";
    private static final String SOURCE_ROOT = "%SRCROOT%";

    private final RenderOptions options;
    private final ObjectMapper mapper = JsonEscapes.on(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET));

    public SarifReportWriter(RenderOptions options) {
        this.options = options;
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        mapper.writeValue(out, toSarif(report));
        out.write(System.lineSeparator());
    }

    public ObjectNode toSarif(Report report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "QueryLens");
        driver.put("semanticVersion", report.toolVersion().replace("-SNAPSHOT", ""));
        driver.put("informationUri", "https://github.com/querylens/querylens");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new HashMap<>();
        for (RuleDefinition d : report.rules()) {
            ruleIndex.put(d.id(), rules.size());
            ObjectNode r = rules.addObject();
            r.put("id", d.id());
            r.put("name", pascalCase(d.id()));
            r.putObject("shortDescription").put("text", d.title());
            r.putObject("fullDescription").put("text", d.rationale().strip());
            ObjectNode help = r.putObject("help");
            help.put("text", d.rationale().strip() + "\n\nFix: " + d.fix().strip() + "\n\nThresholds: " + d.source().strip());
            help.put("markdown", "**Why:** " + d.rationale().strip() + "\n\n**Fix:** " + d.fix().strip()
                    + "\n\n**Thresholds:** " + d.source().strip() + "\n\nRun `querylens rules " + d.id() + "` for examples.");
            r.putObject("defaultConfiguration").put("level", level(d.severity()));
            ObjectNode props = r.putObject("properties");
            props.putArray("tags").add("performance").add(d.category());
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : report.findings()) {
            ObjectNode res = results.addObject();
            res.put("ruleId", f.rule());
            Integer index = ruleIndex.get(f.rule());
            if (index != null) {
                res.put("ruleIndex", index);
            }
            res.put("level", level(f.severity()));
            String text = Secrets.redact(f.message()) + (f.fix() != null ? ". Fix: " + Secrets.redact(f.fix()) : "");
            res.putObject("message").put("text", text);
            ArrayNode locations = res.putArray("locations");
            // a statement read from a live database has no file: it gets a logical location, never a "db postgresql:..." URI
            List<SourceLocation> fileLocations = f.locations().stream().filter(l -> isFile(l.file())).toList();
            if (!fileLocations.isEmpty()) {
                for (SourceLocation l : fileLocations.subList(0, 1)) {
                    ObjectNode physical = locations.addObject().putObject("physicalLocation");
                    ObjectNode artifact = physical.putObject("artifactLocation");
                    String uri = uri(l.file());
                    artifact.put("uri", uri);
                    if (!uri.startsWith("file:")) {
                        artifact.put("uriBaseId", SOURCE_ROOT);
                    }
                    if (l.line() > 0) {
                        physical.putObject("region").put("startLine", l.line());
                    }
                }
            }
            if (f.table() != null) {
                ObjectNode logical = (fileLocations.isEmpty() ? locations.addObject() : (ObjectNode) locations.get(0))
                        .putArray("logicalLocations").addObject();
                logical.put("name", f.table());
                logical.put("kind", "table");
            } else if (fileLocations.isEmpty() && f.sql() != null) {
                ObjectNode logical = locations.addObject().putArray("logicalLocations").addObject();
                logical.put("name", f.sql().length() <= 80 ? f.sql() : f.sql().substring(0, 77) + "...");
                logical.put("kind", "statement");
            }
            if (locations.isEmpty()) {
                res.remove("locations");
            }
            res.putObject("partialFingerprints").put(FINGERPRINT_NAME, FindingKey.of(f));
            ObjectNode props = res.putObject("properties");
            if (f.sql() != null) {
                props.put("sql", f.sql());
            }
            if (f.hasTimeAtStake()) {
                props.put("timeAtStakeMs", Math.round(f.timeAtStakeMs() * 1000) / 1000.0);
            }
            if (!f.columns().isEmpty()) {
                ArrayNode cols = props.putArray("columns");
                f.columns().forEach(cols::add);
            }
        }
        return root;
    }

    /** Locations that name a file, not a database ("db ..."), the live catalog or standard input. */
    private static boolean isFile(String file) {
        return file != null && !file.equals("-") && !file.startsWith("db ") && !file.equals("live catalog") && !file.equals("index advisor");
    }

    /** A path under the repository root as a relative URI; anything else as an absolute file URI. */
    private String uri(String file) {
        Path root = options.repositoryRoot().toAbsolutePath().normalize();
        Path abs = Path.of(file).toAbsolutePath().normalize();
        if (abs.startsWith(root)) {
            try {
                return new URI(null, null, root.relativize(abs).toString().replace('\\', '/'), null).toASCIIString();
            } catch (URISyntaxException e) {
                return root.relativize(abs).toString().replace('\\', '/');
            }
        }
        return abs.toUri().toASCIIString();
    }

    static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    private static String pascalCase(String id) {
        StringBuilder b = new StringBuilder();
        for (String part : id.split("-")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }
}
