package dev.querylens.migration;

import dev.querylens.collect.Diagnostic;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.Column;
import dev.querylens.schema.ForeignKey;
import dev.querylens.schema.Index;
import dev.querylens.schema.Policy;
import dev.querylens.schema.PolicyExpression;
import dev.querylens.schema.Routine;
import dev.querylens.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A declarative schema (the Supabase CLI's {@code supabase/schemas/*.sql}) compared with the
 * schema the migration history builds. The declared files say what the database should be;
 * {@code supabase db diff} writes the migrations that get it there, and only those are applied. Where
 * the two disagree, a migration is missing (or was written by hand and the schema files not
 * updated): each difference is a diagnostic at the declaring statement, so the replayed history,
 * not the declared files, stays the schema the rules judge.
 *
 * <p>What is compared is what {@code db diff} would write a migration for and what the catalog models:
 * tables (in the schemas the declared files declare tables in: the platform's own, auth and storage,
 * are not the project's to declare), columns with their types and NOT NULL, row level security,
 * indexes by name and definition, foreign keys, policies (command, permissive, roles, what their
 * expressions call and compare), and functions by signature. Column order, comments and grants are not.
 */
public final class DeclaredSchema {
    /** Differences named one by one; a project that never generated its migrations needs no thousand lines. */
    static final int LISTED = 25;
    private static final String PREFIX = "declared schema and migrations disagree: ";

    private DeclaredSchema() {
    }

    /**
     * @param declared the catalog the declarative files describe
     * @param replayed the catalog the migration history (and any other DDL read) builds
     */
    public static List<Diagnostic> compare(Catalog declared, Catalog replayed) {
        List<Diagnostic> out = new ArrayList<>();
        Set<String> declaredSchemas = declared.tables().stream().map(Table::schema).collect(Collectors.toCollection(TreeSet::new));
        declared.routines().forEach(r -> declaredSchemas.add(r.schema()));
        for (Table d : declared.tables()) {
            Table r = replayed.table(d.qualifiedName()).orElse(null);
            if (r == null) {
                out.add(at(d, "table " + d.qualifiedName()
                        + " is declared here but no migration creates it (supabase db diff -f <name> writes the migration)"));
                continue;
            }
            columns(d, r, out);
            if (d.rowLevelSecurity() != r.rowLevelSecurity()) {
                out.add(at(d, "table " + d.qualifiedName() + " is declared with row level security "
                        + (d.rowLevelSecurity() ? "enabled" : "disabled") + " but the migrations leave it "
                        + (r.rowLevelSecurity() ? "enabled" : "disabled")));
            }
            indexes(d, r, out);
            foreignKeys(d, r, out);
            policies(d, r, out);
        }
        for (Table r : replayed.tables()) {
            if (declaredSchemas.contains(r.schema()) && declared.table(r.qualifiedName()).isEmpty()) {
                out.add(new Diagnostic(where(r), line(r), PREFIX + "table " + r.qualifiedName()
                        + " exists after the migrations but is not declared (supabase db diff would drop it)"));
            }
        }
        routines(declared, replayed, declaredSchemas, out);
        if (out.size() > LISTED) {
            int more = out.size() - LISTED;
            out = new ArrayList<>(out.subList(0, LISTED));
            out.add(new Diagnostic("declared schema", 0, PREFIX.replace(": ", "") + " in " + more + " more place(s)"));
        }
        return out;
    }

    private static void columns(Table d, Table r, List<Diagnostic> out) {
        for (Column c : d.columns()) {
            Column rc = r.column(c.name()).orElse(null);
            if (rc == null) {
                out.add(at(d, "column " + d.qualifiedName() + "." + c.name() + " is declared but no migration adds it"));
            } else if (!Objects.equals(ColumnTypes.normalize(c.type()), ColumnTypes.normalize(rc.type()))) {
                out.add(at(d, "column " + d.qualifiedName() + "." + c.name() + " is declared " + ColumnTypes.normalize(c.type())
                        + " but the migrations make it " + ColumnTypes.normalize(rc.type())));
            } else if (c.notNull() != rc.notNull()) {
                out.add(at(d, "column " + d.qualifiedName() + "." + c.name() + " is declared " + (c.notNull() ? "NOT NULL" : "nullable")
                        + " but the migrations make it " + (rc.notNull() ? "NOT NULL" : "nullable")));
            }
        }
        for (Column rc : r.columns()) {
            if (d.column(rc.name()).isEmpty()) {
                out.add(at(d, "column " + d.qualifiedName() + "." + rc.name()
                        + " exists after the migrations but is not declared (supabase db diff would drop it)"));
            }
        }
    }

    private static void indexes(Table d, Table r, List<Diagnostic> out) {
        for (Index di : d.indexes()) {
            Optional<Index> ri = r.indexes().stream().filter(i -> i.name().equals(di.name())).findFirst();
            if (ri.isEmpty()) {
                out.add(at(di.definedAt(), d, "index " + di.name() + " on " + d.qualifiedName() + " is declared but no migration creates it"));
            } else if (!sameIndex(di, ri.get())) {
                out.add(at(di.definedAt(), d, "index " + di.name() + " on " + d.qualifiedName() + " is declared as " + di.ddl()
                        + " but the migrations build " + ri.get().ddl()));
            }
        }
        for (Index ri : r.indexes()) {
            if (d.indexes().stream().noneMatch(i -> i.name().equals(ri.name()))) {
                out.add(at(d, "index " + ri.name() + " on " + d.qualifiedName()
                        + " exists after the migrations but is not declared (supabase db diff would drop it)"));
            }
        }
    }

    private static boolean sameIndex(Index a, Index b) {
        return a.unique() == b.unique() && a.primary() == b.primary() && a.sameDefinitionAs(b);
    }

    private static void foreignKeys(Table d, Table r, List<Diagnostic> out) {
        for (ForeignKey dk : d.foreignKeys()) {
            Optional<ForeignKey> rk = r.foreignKeys().stream().filter(k -> k.name().equals(dk.name())).findFirst();
            if (rk.isEmpty()) {
                out.add(at(dk.definedAt(), d, "foreign key " + dk.name() + " on " + d.qualifiedName() + " is declared but no migration adds it"));
            } else if (!dk.columns().equals(rk.get().columns()) || !dk.referencedTable().equals(rk.get().referencedTable())
                    || !dk.referencedColumns().equals(rk.get().referencedColumns())) {
                out.add(at(dk.definedAt(), d, "foreign key " + dk.name() + " on " + d.qualifiedName() + " is declared "
                        + key(dk) + " but the migrations make it " + key(rk.get())));
            }
        }
        for (ForeignKey rk : r.foreignKeys()) {
            if (d.foreignKeys().stream().noneMatch(k -> k.name().equals(rk.name()))) {
                out.add(at(d, "foreign key " + rk.name() + " on " + d.qualifiedName()
                        + " exists after the migrations but is not declared (supabase db diff would drop it)"));
            }
        }
    }

    private static String key(ForeignKey k) {
        return "(" + String.join(", ", k.columns()) + ") REFERENCES " + k.referencedTable() + "(" + String.join(", ", k.referencedColumns()) + ")";
    }

    private static void policies(Table d, Table r, List<Diagnostic> out) {
        for (Policy dp : d.policies()) {
            Optional<Policy> rp = r.policies().stream().filter(p -> p.name().equals(dp.name())).findFirst();
            if (rp.isEmpty()) {
                out.add(at(dp.definedAt(), d, "policy \"" + dp.name() + "\" on " + d.qualifiedName() + " is declared but no migration creates it"));
            } else if (!policy(dp).equals(policy(rp.get()))) {
                out.add(at(dp.definedAt(), d, "policy \"" + dp.name() + "\" on " + d.qualifiedName() + " is declared " + policy(dp)
                        + " but the migrations make it " + policy(rp.get())));
            }
        }
        for (Policy rp : r.policies()) {
            if (d.policies().stream().noneMatch(p -> p.name().equals(rp.name()))) {
                out.add(at(d, "policy \"" + rp.name() + "\" on " + d.qualifiedName()
                        + " exists after the migrations but is not declared (supabase db diff would drop it)"));
            }
        }
    }

    /**
     * A policy as far as the catalog models it: its command, kind and roles, and what its USING and WITH CHECK
     * call and compare (the expressions' text differs with the writer's parentheses and spacing, not their meaning).
     */
    private static String policy(Policy p) {
        return "FOR " + p.command() + (p.permissive() ? " PERMISSIVE" : " RESTRICTIVE") + " TO " + new TreeSet<>(p.roles())
                + " USING " + expression(p.using()) + " WITH CHECK " + expression(p.withCheck());
    }

    private static String expression(PolicyExpression e) {
        if (!e.present()) {
            return "(none)";
        }
        return e.alwaysTrue() ? "(true)" : "(calls " + new TreeSet<>(e.functions()) + ", compares " + new TreeSet<>(e.comparedColumns()) + ")";
    }

    private static void routines(Catalog declared, Catalog replayed, Set<String> schemas, List<Diagnostic> out) {
        Set<String> made = replayed.routines().stream().map(DeclaredSchema::signature).collect(Collectors.toSet());
        Set<String> wanted = declared.routines().stream().map(DeclaredSchema::signature).collect(Collectors.toSet());
        for (Routine d : declared.routines()) {
            if (!made.contains(signature(d))) {
                out.add(new Diagnostic(file(d.definedAt()), lineOf(d.definedAt()), PREFIX + "function " + d.signature()
                        + " is declared here but no migration creates it"));
            }
        }
        for (Routine r : replayed.routines()) {
            if (schemas.contains(r.schema()) && !wanted.contains(signature(r))) {
                out.add(new Diagnostic(file(r.definedAt()), lineOf(r.definedAt()), PREFIX + "function " + r.signature()
                        + " exists after the migrations but is not declared (supabase db diff would drop it)"));
            }
        }
    }

    /**
     * The signature PostgreSQL identifies a function by, spelled one way: pg_dump (and so a migration from db diff or db
     * pull) writes argument types quoted and qualified ({@code "text"}, {@code "public"."content_reach"}), schema files
     * mostly bare; a quoted lower-case name is the bare name, and public is on the search_path the files run with.
     */
    static String signature(Routine r) {
        List<String> types = r.argumentTypes().stream()
                .map(t -> ColumnTypes.normalize(t.replaceAll("\"([a-z_][a-z0-9_$]*)\"", "$1").replaceAll("^public\\.", "")))
                .toList();
        return r.schema() + "." + r.name() + "(" + String.join(", ", types) + ")";
    }

    private static Diagnostic at(Table declared, String what) {
        return new Diagnostic(where(declared), line(declared), PREFIX + what);
    }

    /** At the declaring statement of the part when the reader kept it, else at the table's. */
    private static Diagnostic at(dev.querylens.collect.SourceLocation part, Table declared, String what) {
        return part == null ? at(declared, what) : new Diagnostic(part.file(), part.line(), PREFIX + what);
    }

    private static String where(Table t) {
        return file(t.definedAt());
    }

    private static long line(Table t) {
        return lineOf(t.definedAt());
    }

    private static String file(dev.querylens.collect.SourceLocation at) {
        return at == null ? "declared schema" : at.file();
    }

    private static long lineOf(dev.querylens.collect.SourceLocation at) {
        return at == null ? 0 : at.line();
    }
}
