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

    /**
     * The ORM the statement's tags or text show, strongest evidence first; empty for plain SQL: an
     * ORM whose framework pattern finds the framework tag (else db_driver), else one whose
     * application pattern finds the application_name, else the first whose SQL pattern finds the
     * statement (stripped of surrounding space), each in the table's order. A caller asking for
     * statement after statement keeps an {@link OrmRecogniser} instead.
     */
    Optional<Recognised> recognise(QueryTags tags, String rawSql) {
        return new OrmRecogniser(this).recognise(tags, rawSql);
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
