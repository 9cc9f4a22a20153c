package dev.querylens.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.querylens.collect.QueryTags;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fix for a loop in the terms of the ORM that sent it, from the table in
 * {@code querylens/orm-fixes.yaml}: which ORM wrote a statement (its sqlcommenter framework tag,
 * the session's application_name, or the shape of its SQL) and what that ORM calls the batched
 * form (Django's prefetch_related, Prisma's createMany, ...). Adding an ORM is an entry in that
 * file, not code.
 */
final class OrmFixes {
    /** One ORM: how to recognise it and its fixes by kind of loop (loop, insert, update, delete). */
    record Orm(String id, String name, Pattern framework, Pattern application, List<Pattern> sql, java.util.Map<String, String> fixes) {
        Optional<String> fix(String kind) {
            return Optional.ofNullable(fixes.get(kind));
        }
    }

    /** Which ORM, and what showed it ("application_name 'x'", "the SQL's shape"). */
    record Recognised(Orm orm, String evidence) {
    }

    private static final OrmFixes TABLE = load();
    private final List<Orm> orms;

    private OrmFixes(List<Orm> orms) {
        this.orms = List.copyOf(orms);
    }

    static OrmFixes table() {
        return TABLE;
    }

    List<Orm> orms() {
        return orms;
    }

    /** The ORM the statement's tags or text show, strongest evidence first; empty for plain SQL. */
    Optional<Recognised> recognise(QueryTags tags, String rawSql) {
        String framework = tags.framework() != null ? tags.framework() : tags.get("db_driver");
        if (framework != null) {
            for (Orm o : orms) {
                if (o.framework() != null && o.framework().matcher(framework).find()) {
                    return Optional.of(new Recognised(o, "the query comment's framework tag '" + framework + "'"));
                }
            }
        }
        String application = tags.applicationName();
        if (application != null) {
            for (Orm o : orms) {
                if (o.application() != null && o.application().matcher(application).find()) {
                    return Optional.of(new Recognised(o, "application_name '" + application + "'"));
                }
            }
        }
        if (rawSql != null) {
            String sql = rawSql.strip();
            for (Orm o : orms) {
                for (Pattern p : o.sql()) {
                    if (p.matcher(sql).find()) {
                        return Optional.of(new Recognised(o, "the shape of the SQL it writes"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static OrmFixes load() {
        String resource = "querylens/orm-fixes.yaml";
        try (InputStream in = OrmFixes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<Orm> out = new ArrayList<>();
            for (JsonNode n : root.path("orms")) {
                List<Pattern> sql = new ArrayList<>();
                n.path("sql").forEach(p -> sql.add(Pattern.compile(p.asText())));
                java.util.Map<String, String> fixes = new java.util.LinkedHashMap<>();
                for (String kind : List.of("loop", "insert", "update", "delete")) {
                    if (n.hasNonNull(kind)) {
                        fixes.put(kind, n.get(kind).asText().strip());
                    }
                }
                out.add(new Orm(n.path("id").asText(), n.path("name").asText(), pattern(n, "framework"), pattern(n, "application"),
                        List.copyOf(sql), java.util.Collections.unmodifiableMap(fixes)));
            }
            return new OrmFixes(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static Pattern pattern(JsonNode n, String key) {
        return n.hasNonNull(key) ? Pattern.compile(n.get(key).asText()) : null;
    }
}
