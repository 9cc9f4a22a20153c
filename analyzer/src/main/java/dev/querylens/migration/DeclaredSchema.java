package dev.querylens.migration;

import dev.querylens.collect.Diagnostic;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.Column;
import dev.querylens.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A declarative schema (the Supabase CLI's {@code supabase/schemas/*.sql}) compared with the
 * schema the migration history builds. The declared files say what the database should be;
 * {@code supabase db diff} writes the migrations that get it there, and only those are applied. Where
 * the two disagree, a migration is missing (or was written by hand and the schema files not
 * updated): each difference is a diagnostic at the declaring statement, so the replayed history,
 * not the declared files, stays the schema the rules judge.
 */
public final class DeclaredSchema {
    /** Differences named one by one; a project that never generated its migrations needs no thousand lines. */
    static final int LISTED = 25;

    private DeclaredSchema() {
    }

    /**
     * @param declared the catalog the declarative files describe
     * @param replayed the catalog the migration history (and any other DDL read) builds
     */
    public static List<Diagnostic> compare(Catalog declared, Catalog replayed) {
        List<Diagnostic> out = new ArrayList<>();
        for (Table d : declared.tables()) {
            String where = d.definedAt() == null ? "declared schema" : d.definedAt().file();
            long line = d.definedAt() == null ? 0 : d.definedAt().line();
            Table r = replayed.table(d.qualifiedName()).orElse(null);
            if (r == null) {
                out.add(new Diagnostic(where, line, "declared schema and migrations disagree: table " + d.qualifiedName()
                        + " is declared here but no migration creates it (supabase db diff -f <name> writes the migration)"));
                continue;
            }
            for (Column c : d.columns()) {
                Column rc = r.column(c.name()).orElse(null);
                if (rc == null) {
                    out.add(new Diagnostic(where, line, "declared schema and migrations disagree: column " + d.qualifiedName() + "."
                            + c.name() + " is declared but no migration adds it"));
                } else if (!Objects.equals(ColumnTypes.normalize(c.type()), ColumnTypes.normalize(rc.type()))) {
                    out.add(new Diagnostic(where, line, "declared schema and migrations disagree: column " + d.qualifiedName() + "."
                            + c.name() + " is declared " + ColumnTypes.normalize(c.type()) + " but the migrations make it "
                            + ColumnTypes.normalize(rc.type())));
                }
            }
            for (Column rc : r.columns()) {
                if (d.column(rc.name()).isEmpty()) {
                    out.add(new Diagnostic(where, line, "declared schema and migrations disagree: column " + d.qualifiedName() + "."
                            + rc.name() + " exists after the migrations but is not declared (supabase db diff would drop it)"));
                }
            }
        }
        if (out.size() > LISTED) {
            int more = out.size() - LISTED;
            out = new ArrayList<>(out.subList(0, LISTED));
            out.add(new Diagnostic("declared schema", 0, "declared schema and migrations disagree in " + more + " more place(s)"));
        }
        return out;
    }
}
