package dev.querylens.engine;

import dev.querylens.collect.SourceLocation;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What shows that an HTTP API (Supabase, PostgREST) serves the database's schemas to client roles.
 * Row level security is the only guard between such an API's anonymous or signed-in users and a
 * table's rows; in a database only the application's own role reaches, a table without RLS is
 * normal. The catalog models tables, not grants or roles, so the signs are read from the SQL the
 * schema came from, as it streams past, plus the layout of the files it came from.
 *
 * @param signs what was seen, each with where (first few), in the order seen; empty when none
 * @param configured whether the project's configuration decided (supabase: true or false) rather than the signs
 */
public record ApiExposure(List<String> signs, boolean configured) {
    private static final int MAX_SIGNS = 3;

    public ApiExposure {
        signs = List.copyOf(signs);
    }

    public ApiExposure(List<String> signs) {
        this(signs, false);
    }

    public static ApiExposure none() {
        return new ApiExposure(List.of());
    }

    /** What the configuration's {@code supabase: true|false} says, over the signs; null leaves the signs to decide. */
    public ApiExposure configuredBy(Boolean supabase, String where) {
        if (supabase == null) {
            return this;
        }
        return new ApiExposure(supabase ? List.of("supabase: true in " + where) : List.of(), true);
    }

    public boolean exposed() {
        return !signs.isEmpty();
    }

    /**
     * Collects signs from SQL file statements. Cheap on purpose: it runs on every statement of every
     * SQL file, and one sign is enough, so it stops looking after a few.
     */
    public static final class Scanner {
        // PostgREST's (and so Supabase's) client roles, as grantees or policy roles
        private static final Pattern CLIENT_ROLE = Pattern.compile("(?is)^\\s*(grant|revoke|create\\s+policy|alter\\s+policy"
                + "|alter\\s+default\\s+privileges)\\b.*?[\\s,\"(](anon|authenticated)\\b");
        // Supabase Auth: auth.uid()/auth.jwt()/auth.role() in policies, references to auth.users, the auth schema
        private static final Pattern AUTH = Pattern.compile("(?is)\\b\"?auth\"?\\s*\\.\\s*\"?(uid|jwt|role|email)\"?\\s*\\("
                + "|\\breferences\\s+\"?auth\"?\\s*\\.\\s*\"?users\\b|\\bcreate\\s+schema\\s+(if\\s+not\\s+exists\\s+)?\"?auth\"?(\\s|;|$)");
        private final List<String> signs = new ArrayList<>();
        private boolean layoutSeen;
        private Boolean configured;
        private String configuredIn;

        /** The configuration's supabase: true|false, which {@link #result} puts over the signs; null leaves them to decide. */
        public void configured(Boolean supabase, String where) {
            configured = supabase;
            configuredIn = where;
        }

        public void statement(String sql, SourceLocation at) {
            if (signs.size() >= MAX_SIGNS) {
                return;
            }
            if (!layoutSeen && at != null && inSupabaseDirectory(at.file())) {
                layoutSeen = true;
                signs.add("a supabase/ directory (" + at.file() + ")");
            }
            var role = CLIENT_ROLE.matcher(sql);
            if (role.find()) {
                signs.add("role " + role.group(2).toLowerCase(Locale.ROOT) + " in " + role.group(1).toLowerCase(Locale.ROOT)
                        .replaceAll("\\s+", " ") + (at == null ? "" : " (" + at + ")"));
            } else {
                var auth = AUTH.matcher(sql);
                if (auth.find()) {
                    signs.add("Supabase Auth (" + auth.group().strip().replaceAll("\\s+", " ") + ")" + (at == null ? "" : " at " + at));
                }
            }
        }

        /**
         * A Supabase CLI project: {@code supabase/config.toml} in the input's directory or one above it
         * (or the input is the supabase/ directory itself), as {@code supabase init} lays it out.
         */
        public void projectLayout(java.nio.file.Path input) {
            if (signs.size() >= MAX_SIGNS || input.toString().equals("-")) {
                return;
            }
            java.nio.file.Path p = input.toAbsolutePath().normalize();
            for (java.nio.file.Path dir = java.nio.file.Files.isDirectory(p) ? p : p.getParent(); dir != null; dir = dir.getParent()) {
                java.nio.file.Path config = dir.getFileName() != null && dir.getFileName().toString().equals("supabase")
                        ? dir.resolve("config.toml") : dir.resolve("supabase").resolve("config.toml");
                if (java.nio.file.Files.isRegularFile(config)) {
                    String sign = "a Supabase project (" + config + ")";
                    if (!signs.contains(sign)) {
                        signs.add(sign);
                    }
                    return;
                }
            }
        }

        /**
         * The signs seen, plus the catalog's own: a table or function in the {@code auth} schema (a
         * live Supabase database has auth.users and auth.uid()), the roles anon or authenticated
         * (CREATE ROLE in the DDL, pg_roles live).
         */
        public ApiExposure result(Catalog catalog) {
            List<String> all = new ArrayList<>(signs);
            catalog.clientRoles().stream().filter(r -> !r.equals("service_role")).findFirst()
                    .ifPresent(r -> all.add("role " + r + " in the catalog"));
            catalog.routines().stream().filter(r -> r.schema().equals("auth")).findFirst()
                    .ifPresent(r -> all.add("function " + r.signature() + " in the catalog"));
            catalog.tables().stream().filter(t -> t.schema().equals("auth")).map(Table::qualifiedName).findFirst()
                    .ifPresent(t -> all.add("table " + t + " in the catalog"));
            // a live catalog has no GRANT text to scan: its policies still name the client roles or call auth.uid()
            if (all.isEmpty()) {
                catalog.tables().stream().flatMap(t -> t.policies().stream().filter(p -> p.roles().contains("anon")
                                || p.roles().contains("authenticated") || p.expressions().stream().anyMatch(e -> e.functions().contains("auth.uid")))
                        .map(p -> "policy \"" + p.name() + "\" on " + t.qualifiedName() + " (client role or auth.uid())"))
                        .findFirst().ifPresent(all::add);
            }
            return new ApiExposure(all).configuredBy(configured, configuredIn);
        }

        static boolean inSupabaseDirectory(String file) {
            String path = "/" + file.replace('\\', '/');
            return path.contains("/supabase/");
        }
    }
}
