package dev.querylens.migration;

import dev.querylens.database.CatalogRows;
import dev.querylens.database.CatalogRows.ColumnRow;
import dev.querylens.database.CatalogSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the catalog {@code now} differs from the catalog it {@code was}, one sentence per object, in
 * the words a down migration's author needs ("table public.users keeps column nickname", "type of
 * public.users.age is bigint, was integer", "index public.users_email_idx is not dropped"). Row
 * estimates, statistics and function call counts are not the schema and are not compared; column
 * order is not compared either (a down that adds back a dropped column puts it last, which
 * PostgreSQL cannot do otherwise).
 */
public final class CatalogDifferences {
    private static final Pattern INDEX = Pattern.compile("(?is)^CREATE (?:UNIQUE )?INDEX (.+?) ON (?:ONLY )?(.+?) USING .*$");
    /** A value longer than this is said to differ, not written out. */
    private static final int SHOWN = 300;

    private CatalogDifferences() {
    }

    public static List<String> between(CatalogSnapshot was, CatalogSnapshot now) {
        List<String> out = new ArrayList<>();
        columns(was.rows(), now.rows(), out);
        CatalogRows a = was.rows();
        CatalogRows b = now.rows();
        keyed(indexes(a.indexDefinitions()), indexes(b.indexDefinitions()), "index ", out);
        keyed(byKey(a.constraintIndexes(), c -> "constraint " + c.index() + " (" + constraintType(c.type()) + ") on " + table(c.table()), c -> ""),
                byKey(b.constraintIndexes(), c -> "constraint " + c.index() + " (" + constraintType(c.type()) + ") on " + table(c.table()), c -> ""),
                "", out);
        keyed(byKey(a.foreignKeys(), f -> "foreign key " + f.name() + " on " + table(f.table()), CatalogRows.ForeignKeyRow::definition),
                byKey(b.foreignKeys(), f -> "foreign key " + f.name() + " on " + table(f.table()), CatalogRows.ForeignKeyRow::definition), "", out);
        keyed(byKey(a.rowLevelSecurity(), t -> "row level security on " + table(t), t -> ""),
                byKey(b.rowLevelSecurity(), t -> "row level security on " + table(t), t -> ""), "", out);
        keyed(byKey(a.policies(), p -> "policy " + p.name() + " on " + table(p.table()), CatalogDifferences::policy),
                byKey(b.policies(), p -> "policy " + p.name() + " on " + table(p.table()), CatalogDifferences::policy), "", out);
        keyed(byKey(a.security().routines(), CatalogDifferences::routine, CatalogDifferences::routineTraits),
                byKey(b.security().routines(), CatalogDifferences::routine, CatalogDifferences::routineTraits), "", out);
        keyed(byKey(a.security().views(), v -> "view " + table(v.view()), v -> String.join(",", v.options())),
                byKey(b.security().views(), v -> "view " + table(v.view()), v -> String.join(",", v.options())), "", out);
        keyed(byKey(a.security().extensions(), e -> "extension " + e.name(), e -> "in schema " + e.schema()),
                byKey(b.security().extensions(), e -> "extension " + e.name(), e -> "in schema " + e.schema()), "", out);
        keyed(byKey(a.triggers().triggers(), t -> "trigger " + t.name() + " on " + table(t.table()), CatalogDifferences::trigger),
                byKey(b.triggers().triggers(), t -> "trigger " + t.name() + " on " + table(t.table()), CatalogDifferences::trigger), "", out);
        keyed(was.details(), now.details(), "", out);
        return out;
    }

    private static void columns(CatalogRows was, CatalogRows now, List<String> out) {
        Map<String, Map<String, ColumnRow>> a = columnsByTable(was);
        Map<String, Map<String, ColumnRow>> b = columnsByTable(now);
        Set<String> tables = new TreeSet<>(a.keySet());
        tables.addAll(b.keySet());
        for (String t : tables) {
            Map<String, ColumnRow> before = a.get(t);
            Map<String, ColumnRow> after = b.get(t);
            if (before == null) {
                out.add("table " + t + " is not dropped");
                continue;
            }
            if (after == null) {
                out.add("table " + t + " is missing");
                continue;
            }
            for (ColumnRow c : after.values()) {
                ColumnRow old = before.get(c.column());
                if (old == null) {
                    out.add("table " + t + " keeps column " + c.column() + " (" + c.type() + ")");
                } else if (!old.type().equals(c.type())) {
                    out.add("type of " + t + "." + c.column() + " is " + c.type() + ", was " + old.type());
                }
                if (old != null && old.notNull() != c.notNull()) {
                    out.add(t + "." + c.column() + " is " + (c.notNull() ? "NOT NULL, was nullable" : "nullable, was NOT NULL"));
                }
            }
            for (ColumnRow c : before.values()) {
                if (!after.containsKey(c.column())) {
                    out.add("table " + t + " lacks column " + c.column() + " (" + c.type() + ")");
                }
            }
        }
    }

    private static Map<String, Map<String, ColumnRow>> columnsByTable(CatalogRows rows) {
        Map<String, Map<String, ColumnRow>> out = new TreeMap<>();
        for (ColumnRow c : rows.columns()) {
            out.computeIfAbsent(table(c.table()), k -> new LinkedHashMap<>()).put(c.column(), c);
        }
        return out;
    }

    /** Objects by name: one only now "is not dropped", one only before "is missing", one whose definition changed says both. */
    private static void keyed(Map<String, String> was, Map<String, String> now, String prefix, List<String> out) {
        Set<String> keys = new TreeSet<>(was.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            String a = was.get(k);
            String b = now.get(k);
            if (a == null) {
                out.add(prefix + k + " is not dropped");
            } else if (b == null) {
                out.add(prefix + k + " is missing" + (a.isEmpty() ? "" : a.length() > SHOWN ? "" : " (was " + a + ")"));
            } else if (!a.equals(b)) {
                out.add(a.length() > SHOWN || b.length() > SHOWN ? prefix + k + " differs from what it was"
                        : prefix + k + " is " + b + ", was " + a);
            }
        }
    }

    private static <T> Map<String, String> byKey(List<T> rows, Function<T, String> key, Function<T, String> value) {
        Map<String, String> out = new TreeMap<>();
        rows.forEach(r -> out.put(key.apply(r), Objects.toString(value.apply(r), "")));
        return out;
    }

    /** pg_get_indexdef's text by the index's qualified name (its table's schema). */
    private static Map<String, String> indexes(List<String> definitions) {
        Map<String, String> out = new TreeMap<>();
        for (String d : definitions) {
            Matcher m = INDEX.matcher(d);
            if (m.matches()) {
                String on = m.group(2);
                int dot = on.indexOf('.');
                out.put((dot < 0 ? "" : on.substring(0, dot + 1)) + m.group(1), d);
            } else {
                out.put(d, d);
            }
        }
        return out;
    }

    private static String table(CatalogRows.TableName t) {
        return t.schema() + "." + t.table();
    }

    private static String constraintType(String contype) {
        return switch (contype) {
            case "p" -> "PRIMARY KEY";
            case "u" -> "UNIQUE";
            default -> "EXCLUDE";
        };
    }

    private static String policy(CatalogRows.PolicyRow p) {
        return p.permissive() + " FOR " + p.command() + " TO " + String.join(", ", p.roles()) + (p.qual() == null ? "" : " USING (" + p.qual() + ")")
                + (p.withCheck() == null ? "" : " WITH CHECK (" + p.withCheck() + ")");
    }

    private static String routine(CatalogRows.RoutineRow r) {
        return ("p".equals(r.kind()) ? "procedure " : "function ") + r.schema() + "." + r.name() + "(" + String.join(", ", r.argumentTypes()) + ")";
    }

    private static String routineTraits(CatalogRows.RoutineRow r) {
        return (r.returns() == null ? "" : "returning " + r.returns() + ", ") + r.language() + (r.securityDefiner() ? ", SECURITY DEFINER" : "")
                + (r.searchPath() == null ? "" : ", search_path " + r.searchPath()) + ", EXECUTE to " + String.join(", ", r.grantees());
    }

    private static String trigger(CatalogRows.TriggerRow t) {
        return "tgtype " + t.type() + " enabled " + t.enabled() + " function " + t.functionSchema() + "." + t.functionName()
                + (t.when() ? " with WHEN" : "") + (t.oldTable() == null ? "" : " old table " + t.oldTable())
                + (t.newTable() == null ? "" : " new table " + t.newTable());
    }
}
