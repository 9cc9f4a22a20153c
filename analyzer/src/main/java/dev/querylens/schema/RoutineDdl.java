package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Functions and procedures as the security rules read them: CREATE [OR REPLACE], ALTER (SECURITY
 * DEFINER/INVOKER, SET/RESET search_path, OWNER TO, RENAME TO, SET SCHEMA), DROP, GRANT/REVOKE
 * EXECUTE (also ON ALL FUNCTIONS IN SCHEMA), and ALTER DEFAULT PRIVILEGES ... ON FUNCTIONS, which
 * decides who may execute a function created later. PostgreSQL grants EXECUTE to PUBLIC unless
 * the defaults say otherwise. Bodies are not read.
 */
final class RoutineDdl {
    /** Words that start a function attribute, which ends a SET value or a RETURNS type. */
    private static final Set<String> ATTRIBUTES = Set.of("language", "security", "external", "set", "reset", "as", "immutable", "stable",
            "volatile", "leakproof", "not", "called", "returns", "strict", "parallel", "cost", "rows", "support", "window",
            "transform", "begin", "return", "owner", "rename", "depends", "no");
    /** Types whose name is several words, so an argument written with them has no name in front. */
    private static final Set<String> SECOND_WORDS = Set.of("precision", "varying", "with", "without");
    private static final Set<String> MULTI_WORD_STARTS = Set.of("double", "character", "char", "bit", "national", "timestamp", "time");
    private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("int", "integer"), Map.entry("int4", "integer"),
            Map.entry("int8", "bigint"), Map.entry("int2", "smallint"), Map.entry("float8", "double precision"),
            Map.entry("float4", "real"), Map.entry("float", "double precision"), Map.entry("bool", "boolean"),
            Map.entry("varchar", "character varying"), Map.entry("char", "character"), Map.entry("decimal", "numeric"),
            Map.entry("timestamptz", "timestamp with time zone"), Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timetz", "time with time zone"), Map.entry("time", "time without time zone"));

    private final SchemaDraft schema;
    private final SourceLocation at;

    RoutineDdl(SchemaDraft schema, SourceLocation at) {
        this.schema = schema;
        this.at = at;
    }

    /** The identity PostgreSQL gives a routine: schema, name and input types, spelled one way whatever the aliases. */
    static String key(Routine r) {
        return key(r.schema(), r.name(), r.argumentTypes());
    }

    private static String key(String schema, String name, List<String> types) {
        return schema + "." + name + "(" + String.join(",", types.stream().map(RoutineDdl::typeKey).toList()) + ")";
    }

    static String typeKey(String written) {
        String t = written.replaceAll("\\s*\\([^)]*\\)", "").replaceAll("\\s+", " ").strip();
        String array = "";
        while (t.endsWith("[]")) {
            array += "[]";
            t = t.substring(0, t.length() - 2).strip();
        }
        if (t.startsWith("public.")) {
            t = t.substring("public.".length());
        }
        t = t.replace("\"", "");
        return ALIASES.getOrDefault(t, t) + array;
    }

    static Routine inSchema(Routine r, String schema) {
        return new Routine(schema, r.name(), r.argumentTypes(), r.returns(), r.procedure(), r.securityDefiner(), r.searchPath(), r.language(),
                r.owner(), r.grantees(), r.revokedFrom(), r.clientRoles(), r.definedAt());
    }

    /** CREATE [OR REPLACE] FUNCTION | PROCEDURE, the cursor after FUNCTION or PROCEDURE. */
    void create(DdlTokens t, boolean procedure) throws DdlException {
        String written = t.qualifiedName();
        String qualified = schema.forCreate(written);
        String routineSchema = qualified.substring(0, qualified.indexOf('.'));
        String name = qualified.substring(qualified.indexOf('.') + 1);
        List<String> types = arguments(t);
        boolean definer = false;
        String searchPath = null;
        String language = null;
        String returns = null;
        int depth = 0;
        while (!t.atEnd()) {
            DdlTokens.Token tok = t.next();
            if (tok.is("(")) {
                depth++;
            } else if (tok.is(")")) {
                depth--;
            } else if (depth > 0) {
                continue;
            } else if (tok.is("security")) {
                definer = t.next().is("definer");
            } else if (tok.is("returns") && returns == null) {
                int from = t.position();
                while (!t.atEnd() && !(t.peek().type() == DdlTokens.Type.WORD && ATTRIBUTES.contains(t.peek().text()))) {
                    if (t.peek().is("(")) {
                        t.skipGroup();
                    } else {
                        t.next();
                    }
                }
                returns = SqlText.foldCase(t.textOf(from, t.position())).replaceAll("\\s+", " ");
            } else if (tok.is("language")) {
                language = t.next().text();
            } else if (tok.is("set") && t.peek().is("search_path")) {
                t.next();
                searchPath = settingValue(t);
            } else if (tok.is("begin") || tok.is("return")) {
                break; // a SQL-standard body: nothing after it is an attribute
            }
        }
        String key = key(routineSchema, name, types);
        Routine old = schema.routines.get(key);
        // OR REPLACE keeps the owner and the privileges; the attributes are the new statement's, and so is the line a
        // finding about them points at
        Set<String> grantees = old != null ? old.grantees() : defaultGrantees(routineSchema);
        schema.routines.put(key, new Routine(routineSchema, name, types, returns, procedure, definer, searchPath, language,
                old == null ? null : old.owner(), grantees, old == null ? schema.schemaFunctionRevokes.getOrDefault(routineSchema, Set.of())
                : old.revokedFrom(), Set.of(), at));
    }

    private Set<String> defaultGrantees(String routineSchema) {
        Set<String> g = new HashSet<>(schema.functionDefaults);
        g.addAll(schema.schemaFunctionDefaults.getOrDefault(routineSchema, Set.of()));
        return g;
    }

    /** A SET's value: TO/= then the words up to the next attribute, or FROM CURRENT (the session's search_path now). */
    private String settingValue(DdlTokens t) {
        if (t.accept("from", "current")) {
            return String.join(", ", schema.searchPath());
        }
        if (!t.accept("to")) {
            t.accept("=");
        }
        int from = t.position();
        while (!t.atEnd() && !(t.peek().type() == DdlTokens.Type.WORD && ATTRIBUTES.contains(t.peek().text()))) {
            t.next();
        }
        return t.textOf(from, t.position());
    }

    /** The input argument types of a parenthesized argument list at the cursor (OUT arguments are not part of the identity). */
    static List<String> arguments(DdlTokens t) throws DdlException {
        List<String> types = new ArrayList<>();
        if (!t.peek().is("(")) {
            return types;
        }
        for (int[] part : t.groupParts()) {
            DdlTokens a = t.slice(part);
            if (a.atEnd()) {
                continue;
            }
            String mode = a.peek().type() == DdlTokens.Type.WORD ? a.peek().text() : "";
            boolean out = mode.equals("out");
            if (Set.of("in", "out", "inout", "variadic").contains(mode) && a.size() > 1) {
                a.next();
            }
            int start = a.position();
            int end = start;
            while (end < a.size() && !a.peek(end - start).is("default") && !a.peek(end - start).is("=")) {
                end++;
            }
            boolean named = end - start > 1 && !isTypeOnly(a.peek(0), a.peek(1));
            String type = a.textOf(named ? start + 1 : start, end);
            if (!out) {
                types.add(SqlText.foldCase(type).replaceAll("\\s+", " "));
            }
        }
        return types;
    }

    private static boolean isTypeOnly(DdlTokens.Token first, DdlTokens.Token second) {
        if (second.is(".") || second.is("(") || second.is("[") || second.is("%")) {
            return true;
        }
        return first.type() == DdlTokens.Type.WORD && MULTI_WORD_STARTS.contains(first.text()) && SECOND_WORDS.contains(second.text());
    }

    /** The routines a name (with its argument list, or alone when it is the only one of that name) means. */
    private List<String> matching(DdlTokens t) throws DdlException {
        String written = t.qualifiedName();
        boolean withArgs = t.peek().is("(");
        List<String> types = arguments(t);
        List<String> keys = new ArrayList<>();
        List<String> inSchemas = written.contains(".") ? List.of(written.substring(0, written.indexOf('.'))) : schema.searchPath();
        String bare = written.contains(".") ? written.substring(written.indexOf('.') + 1) : written;
        for (String s : inSchemas) {
            if (withArgs) {
                String key = key(s, bare, types);
                if (schema.routines.containsKey(key)) {
                    keys.add(key);
                }
            } else {
                schema.routines.forEach((k, r) -> {
                    if (r.schema().equals(s) && r.name().equals(bare)) {
                        keys.add(k);
                    }
                });
            }
            if (!keys.isEmpty()) {
                break;
            }
        }
        return keys;
    }

    /** ALTER FUNCTION | PROCEDURE | ROUTINE, the cursor after the keyword. */
    void alter(DdlTokens t) throws DdlException {
        List<String> keys = matching(t);
        while (!t.atEnd()) {
            DdlTokens.Token tok = t.next();
            for (String key : keys) {
                Routine r = schema.routines.get(key);
                if (r == null) {
                    continue;
                }
                Routine changed = r;
                if (tok.is("security")) {
                    changed = with(r, t.peek().is("definer"), r.searchPath(), r.owner());
                } else if (tok.is("set") && t.peek().is("search_path")) {
                    int mark = t.position();
                    t.next();
                    changed = with(r, r.securityDefiner(), settingValue(t), r.owner());
                    t.seek(mark);
                } else if (tok.is("reset") && (t.peek().is("search_path") || t.peek().is("all"))) {
                    changed = with(r, r.securityDefiner(), null, r.owner());
                } else if (tok.is("owner") && t.peek().is("to")) {
                    changed = with(r, r.securityDefiner(), r.searchPath(), t.peek(1).text());
                } else if (tok.is("rename") && t.peek().is("to")) {
                    changed = new Routine(r.schema(), t.peek(1).text(), r.argumentTypes(), r.returns(), r.procedure(), r.securityDefiner(),
                            r.searchPath(), r.language(), r.owner(), r.grantees(), r.revokedFrom(), r.clientRoles(), r.definedAt());
                } else if (tok.is("set") && t.peek().is("schema")) {
                    changed = inSchema(r, t.peek(1).text());
                }
                if (changed != r) {
                    schema.routines.remove(key);
                    schema.routines.put(key(changed), changed);
                    keys.set(keys.indexOf(key), key(changed));
                }
            }
        }
    }

    private static Routine with(Routine r, boolean definer, String searchPath, String owner) {
        return new Routine(r.schema(), r.name(), r.argumentTypes(), r.returns(), r.procedure(), definer, searchPath, r.language(), owner,
                r.grantees(), r.revokedFrom(), r.clientRoles(), r.definedAt());
    }

    /** DROP FUNCTION | PROCEDURE | ROUTINE [IF EXISTS] name[(args)] [, ...], the cursor after the keyword. */
    void drop(DdlTokens t) throws DdlException {
        t.accept("if", "exists");
        do {
            matching(t).forEach(schema.routines::remove);
        } while (t.accept(","));
    }

    /**
     * GRANT/REVOKE ... ON FUNCTION|PROCEDURE|ROUTINE names | ON ALL FUNCTIONS IN SCHEMA s, the cursor
     * after GRANT or REVOKE; privileges other than EXECUTE and objects other than routines are passed over.
     */
    void grant(DdlTokens t, boolean grant) {
        try {
            boolean optionOnly = !grant && t.accept("grant", "option", "for");
            boolean execute = false;
            while (!t.atEnd() && !t.peek().is("on")) {
                DdlTokens.Token p = t.next();
                execute |= p.is("execute") || p.is("all");
            }
            if (!execute || optionOnly || !t.accept("on")) {
                return;
            }
            List<String> keys = new ArrayList<>();
            if (t.accept("all")) {
                if (!(t.accept("functions") || t.accept("procedures") || t.accept("routines")) || !t.accept("in", "schema")) {
                    return;
                }
                Set<String> in = new HashSet<>();
                do {
                    in.add(t.name());
                } while (t.accept(","));
                schema.routines.forEach((k, r) -> {
                    if (in.contains(r.schema())) {
                        keys.add(k);
                    }
                });
            } else if (t.accept("function") || t.accept("procedure") || t.accept("routine")) {
                do {
                    keys.addAll(matching(t));
                } while (t.accept(","));
            } else {
                return;
            }
            Set<String> roles = roles(t, grant ? "to" : "from");
            for (String key : keys) {
                Routine r = schema.routines.get(key);
                Set<String> g = new LinkedHashSet<>(r.grantees());
                Set<String> revoked = new LinkedHashSet<>(r.revokedFrom());
                if (grant) {
                    g.addAll(roles);
                    revoked.removeAll(roles);
                } else {
                    g.removeAll(roles);
                    revoked.addAll(roles);
                }
                schema.routines.put(key, new Routine(r.schema(), r.name(), r.argumentTypes(), r.returns(), r.procedure(), r.securityDefiner(),
                        r.searchPath(), r.language(), r.owner(), g, revoked, r.clientRoles(), r.definedAt()));
            }
        } catch (DdlException e) {
            // a GRANT the reader cannot follow changes no table: the rules then see the default, PUBLIC
        }
    }

    /**
     * ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT|REVOKE ... ON FUNCTIONS|ROUTINES, the
     * cursor after PRIVILEGES. FOR ROLE applies only to what that role creates: migrations are taken
     * to run as postgres (as Supabase's do), so only FOR ROLE postgres, or none, counts.
     */
    void defaultPrivileges(DdlTokens t) throws DdlException {
        boolean ours = true;
        if (t.accept("for")) {
            t.next(); // ROLE or USER
            ours = false;
            do {
                String r = t.name();
                ours |= r.equals("postgres") || r.equals("current_user") || r.equals("current_role");
            } while (t.accept(","));
        }
        Set<String> in = new HashSet<>();
        if (t.accept("in", "schema")) {
            do {
                in.add(t.name());
            } while (t.accept(","));
        }
        boolean grant = t.peek().is("grant");
        t.next();
        boolean optionOnly = !grant && t.accept("grant", "option", "for");
        boolean execute = false;
        while (!t.atEnd() && !t.peek().is("on")) {
            DdlTokens.Token p = t.next();
            execute |= p.is("execute") || p.is("all");
        }
        t.expect("on");
        boolean functions = t.peek().is("functions") || t.peek().is("routines");
        t.next();
        if (!ours || !execute || optionOnly || !functions) {
            return;
        }
        Set<String> roles = roles(t, grant ? "to" : "from");
        if (in.isEmpty()) {
            if (grant) {
                schema.functionDefaults.addAll(roles);
            } else {
                schema.functionDefaults.removeAll(roles);
            }
        } else {
            for (String s : in) {
                Set<String> g = schema.schemaFunctionDefaults.computeIfAbsent(s, k -> new HashSet<>());
                Set<String> revoked = schema.schemaFunctionRevokes.computeIfAbsent(s, k -> new HashSet<>());
                if (grant) {
                    g.addAll(roles);
                    revoked.removeAll(roles);
                } else {
                    // per-schema defaults only add: a REVOKE there undoes a per-schema GRANT (an earlier one, or the
                    // platform's before the first migration), never the global default to PUBLIC
                    g.removeAll(roles);
                    revoked.addAll(roles);
                    revoked.remove("public");
                }
            }
        }
    }

    private static Set<String> roles(DdlTokens t, String keyword) throws DdlException {
        t.expect(keyword);
        Set<String> roles = new LinkedHashSet<>();
        do {
            t.accept("group");
            roles.add(t.name());
        } while (t.accept(","));
        return roles;
    }
}
