package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects besides tables and routines the security rules read: extensions and the schema they
 * went to, views' security_invoker option, and the API client roles CREATE ROLE makes.
 */
final class ObjectDdl {
    /** Roles through which PostgREST and Supabase serve client requests. */
    static final Set<String> CLIENT_ROLES = Set.of("anon", "authenticated", "service_role");
    /** Extensions whose control file fixes their schema, whatever the search_path (plpgsql ships in pg_catalog). */
    private static final Map<String, String> FIXED_SCHEMA = Map.of("plpgsql", "pg_catalog", "pg_cron", "pg_catalog");

    private ObjectDdl() {
    }

    /** CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE], the cursor after EXTENSION. */
    static void createExtension(SchemaDraft schema, DdlTokens t, SourceLocation at) throws DdlException {
        t.accept("if", "not", "exists");
        String name = t.name();
        if (schema.extensions.containsKey(name)) {
            return; // IF NOT EXISTS on one that is there changes nothing (without it, the server refuses)
        }
        t.accept("with");
        String in = null;
        while (!t.atEnd()) {
            if (t.accept("schema")) {
                in = t.name();
            } else {
                t.next();
            }
        }
        if (in == null) {
            in = FIXED_SCHEMA.get(name);
        }
        if (in == null) {
            // a relocatable extension goes to the first schema of the search_path that exists
            String first = schema.forCreate(name);
            in = first.substring(0, first.indexOf('.'));
        }
        schema.extensions.put(name, new Extension(name, in, at));
    }

    /**
     * ALTER EXTENSION name SET SCHEMA s, and ADD object: the object becomes the extension's member
     * (pg_depend deptype 'e', as pg_dump writes for an extension's configuration objects), which
     * the catalog, like a live one, leaves out: it is the extension's to define, not the project's.
     * Updates and the rest change nothing modelled.
     */
    static void alterExtension(SchemaDraft schema, DdlTokens t, SourceLocation at) throws DdlException {
        String name = t.name();
        Extension e = schema.extensions.get(name);
        if (e != null && t.accept("set", "schema")) {
            schema.extensions.put(name, new Extension(name, t.name(), e.definedAt()));
        } else if (t.accept("add")) {
            if (t.peek().is("function") || t.peek().is("procedure") || t.peek().is("routine")) {
                t.next();
                new RoutineDdl(schema, at).drop(t);
            } else if (t.accept("table")) {
                schema.tables.remove(schema.resolve(t.qualifiedName()));
            } else if (t.accept("view") || t.accept("materialized", "view") || t.accept("sequence") || t.accept("foreign", "table")) {
                schema.dropOther(schema.resolve(t.qualifiedName()));
            }
        }
    }

    /** CREATE ROLE|USER name ...: only the API's client roles matter here. */
    static void createRole(SchemaDraft schema, DdlTokens t) throws DdlException {
        t.accept("if", "not", "exists");
        String name = t.name();
        if (CLIENT_ROLES.contains(name)) {
            schema.clientRoles.add(name);
        }
    }

    /**
     * What follows CREATE VIEW's name: a column list, then WITH (options). CREATE OR REPLACE VIEW
     * replaces the options, so a view recreated without security_invoker loses it.
     */
    static void viewOptions(TableDraft view, DdlTokens t, SourceLocation at) throws DdlException {
        // CREATE OR REPLACE VIEW sets the options anew: a finding about them points at the latest one
        view.definedAt = at;
        if (t.peek().is("(")) {
            t.skipGroup();
        }
        view.securityInvoker = t.accept("with") && t.peek().is("(") && Boolean.TRUE.equals(options(t).get("security_invoker"));
    }

    /** ALTER VIEW [IF EXISTS] name SET (...) | RESET (...); false, cursor unmoved, for any other ALTER VIEW. */
    static boolean alterViewOptions(SchemaDraft schema, DdlTokens t, SourceLocation at) throws DdlException {
        int mark = t.position();
        t.next();
        t.accept("if", "exists");
        String name = schema.resolve(t.qualifiedName());
        boolean set = t.peek().is("set") && t.peek(1).is("(");
        boolean reset = t.peek().is("reset") && t.peek(1).is("(");
        if (!set && !reset) {
            t.seek(mark);
            return false;
        }
        t.next();
        Map<String, Boolean> options = options(t);
        TableDraft view = schema.others.get(name);
        if (view != null && options.containsKey("security_invoker")) {
            view.securityInvoker = set && options.get("security_invoker");
            view.definedAt = at;
        }
        return true;
    }

    /** A parenthesized option list; boolean values as PostgreSQL reads them, a bare name meaning true. */
    private static Map<String, Boolean> options(DdlTokens t) throws DdlException {
        Map<String, Boolean> out = new java.util.HashMap<>();
        for (int[] part : t.groupParts()) {
            DdlTokens o = t.slice(part);
            String key = o.name();
            boolean value = true;
            if (o.accept("=")) {
                String v = o.next().text().replace("'", "").toLowerCase(java.util.Locale.ROOT);
                value = !Set.of("false", "off", "no", "0").contains(v);
            }
            out.put(key, value);
        }
        return out;
    }

    static Catalog.Objects objects(SchemaDraft schema) {
        List<View> views = new ArrayList<>();
        schema.others.forEach((q, d) -> {
            if (schema.kinds.get(q) == SchemaDraft.Kind.VIEW) {
                views.add(new View(d.schema, d.name, d.securityInvoker, d.definedAt));
            }
        });
        List<Trigger> triggers = new ArrayList<>();
        schema.tables.values().forEach(t -> t.triggers.forEach(tr -> triggers.add(tr.onTable(t.qualified))));
        java.util.Map<String, String> partitionOf = new java.util.HashMap<>();
        schema.tables.values().stream().filter(t -> t.partitionOf != null).forEach(t -> partitionOf.put(t.qualified, t.partitionOf));
        return new Catalog.Objects(List.copyOf(schema.routines.values()), views, List.copyOf(schema.extensions.values()),
                schema.clientRoles, 0, new TriggerFacts(triggers, List.copyOf(schema.functionWrites.values()), List.of(), null, partitionOf));
    }
}
