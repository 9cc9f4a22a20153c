package dev.querylens.schema;

import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import dev.querylens.database.CatalogRows;
import dev.querylens.database.CatalogRows.ColumnRow;
import dev.querylens.database.CatalogRows.TableName;
import dev.querylens.sql.Quote;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the rows a live catalog gave (see {@code UserDatabase.catalog()}) into the same model
 * DDL files give: each row becomes the DDL it stands for, read by {@link SchemaReader}, with
 * every name quoted so mixed-case and unusual names come back exactly.
 */
public final class LiveCatalogReader {
    private LiveCatalogReader() {
    }

    public static Catalog read(CatalogRows rows, Consumer<Diagnostic> diagnostics) {
        SchemaReader reader = new SchemaReader();
        SourceLocation at = new SourceLocation("live catalog", 0);
        Map<String, Long> estimates = new HashMap<>();
        Map<String, Map<String, Long>> distinct = new HashMap<>();
        StringBuilder ddl = new StringBuilder();
        TableName table = null;
        for (ColumnRow c : rows.columns()) {
            if (!c.table().equals(table)) {
                flushTable(reader, ddl, at, diagnostics);
                table = c.table();
                ddl.append("CREATE TABLE ").append(name(table)).append(" (");
                estimates.put(table.schema() + "." + table.table(), c.rowEstimate());
            } else {
                ddl.append(", ");
            }
            ddl.append(Quote.ident(c.column())).append(' ').append(c.type()).append(c.notNull() ? " NOT NULL" : "");
        }
        flushTable(reader, ddl, at, diagnostics);
        for (TableName t : rows.rowLevelSecurity()) {
            reader.read("ALTER TABLE " + name(t) + " ENABLE ROW LEVEL SECURITY", at, diagnostics);
        }
        for (String definition : rows.indexDefinitions()) {
            reader.read(definition, at, diagnostics);
        }
        for (CatalogRows.ConstraintIndexRow ci : rows.constraintIndexes()) {
            reader.constraintOwns(ci.table().schema() + "." + ci.table().table(), ci.index(), switch (ci.type()) {
                case "p" -> Index.Constraint.PRIMARY_KEY;
                case "u" -> Index.Constraint.UNIQUE;
                default -> Index.Constraint.EXCLUSION;
            });
        }
        for (CatalogRows.ForeignKeyRow fk : rows.foreignKeys()) {
            reader.read("ALTER TABLE " + name(fk.table()) + " ADD CONSTRAINT " + Quote.ident(fk.name()) + " " + fk.definition(), at, diagnostics);
        }
        for (CatalogRows.PolicyRow p : rows.policies()) {
            // the expressions are the server's own deparsed text, read by the DDL reader here and never sent anywhere
            StringBuilder policy = new StringBuilder("CREATE POLICY ").append(Quote.ident(p.name())).append(" ON ").append(name(p.table()))
                    .append("RESTRICTIVE".equalsIgnoreCase(p.permissive()) ? " AS RESTRICTIVE" : " AS PERMISSIVE").append(" FOR ").append(p.command());
            if (!p.roles().isEmpty()) {
                policy.append(" TO ").append(String.join(", ", p.roles().stream()
                        .map(r -> r.equals("public") ? "public" : Quote.ident(r)).toList()));
            }
            if (p.qual() != null) {
                policy.append(" USING (").append(p.qual()).append(')');
            }
            if (p.withCheck() != null) {
                policy.append(" WITH CHECK (").append(p.withCheck()).append(')');
            }
            reader.read(policy.toString(), at, diagnostics);
        }
        CatalogRows.SecurityRows security = rows.security();
        for (CatalogRows.RoutineRow r : security.routines()) {
            reader.routine(new Routine(r.schema(), r.name(), r.argumentTypes(), r.returns(), "p".equals(r.kind()), r.securityDefiner(), r.searchPath(),
                    r.language(), r.owner(), java.util.Set.copyOf(r.grantees()), java.util.Set.of(), java.util.Set.copyOf(r.clientRoles()), null));
        }
        for (CatalogRows.ViewRow v : security.views()) {
            boolean invoker = v.options().stream().anyMatch(o -> o.matches("(?i)security_invoker=(true|on|yes|1)"));
            reader.read("CREATE VIEW " + name(v.view()) + (invoker ? " WITH (security_invoker = true)" : "") + " AS SELECT", at, diagnostics);
        }
        for (CatalogRows.ExtensionRow e : security.extensions()) {
            reader.read("CREATE EXTENSION " + Quote.ident(e.name()) + " SCHEMA " + Quote.ident(e.schema()), at, diagnostics);
        }
        security.clientRoles().forEach(reader::clientRole);
        for (CatalogRows.DistinctRow d : rows.distinctValues()) {
            String qualified = d.table().schema() + "." + d.table().table();
            // negative n_distinct is a share of the rows: the count grows with the table
            long count = d.nDistinct() >= 0 ? (long) d.nDistinct() : Math.round(-d.nDistinct() * estimates.getOrDefault(qualified, 0L));
            distinct.computeIfAbsent(qualified, k -> new HashMap<>()).put(d.column(), count);
        }
        Catalog built = reader.catalog().withRowEstimates(estimates).withDistinctValues(distinct);
        Catalog.Objects o = built.objects();
        return new Catalog(built.tables(), new Catalog.Objects(o.routines(), o.views(), o.extensions(), o.clientRoles(), security.serverVersion(),
                triggers(rows.triggers())));
    }

    /** pg_trigger's rows as the model DDL gives, with the writes of each trigger function's source and its call statistics. */
    static TriggerFacts triggers(CatalogRows.TriggerRows rows) {
        java.util.List<Trigger> triggers = new java.util.ArrayList<>();
        Map<String, FunctionWrites> writes = new java.util.LinkedHashMap<>();
        SourceLocation at = new SourceLocation("live catalog", 0);
        for (CatalogRows.TriggerRow r : rows.triggers()) {
            int type = r.type();
            // tgtype bits, as pg_trigger.h defines them
            Trigger.Timing timing = (type & 64) != 0 ? Trigger.Timing.INSTEAD_OF : (type & 2) != 0 ? Trigger.Timing.BEFORE : Trigger.Timing.AFTER;
            java.util.Set<Trigger.Event> events = java.util.EnumSet.noneOf(Trigger.Event.class);
            if ((type & 4) != 0) {
                events.add(Trigger.Event.INSERT);
            }
            if ((type & 8) != 0) {
                events.add(Trigger.Event.DELETE);
            }
            if ((type & 16) != 0) {
                events.add(Trigger.Event.UPDATE);
            }
            if ((type & 32) != 0) {
                events.add(Trigger.Event.TRUNCATE);
            }
            java.util.List<String> transition = new java.util.ArrayList<>();
            if (r.oldTable() != null) {
                transition.add(r.oldTable());
            }
            if (r.newTable() != null) {
                transition.add(r.newTable());
            }
            String function = r.functionSchema() + "." + r.functionName();
            // O fires in origin and local sessions, A always; D never, R only where session_replication_role is replica
            boolean enabled = "O".equals(r.enabled()) || "A".equals(r.enabled());
            triggers.add(new Trigger(r.table().schema(), r.table().schema() + "." + r.table().table(), r.name(), timing, events, r.updateOf(),
                    (type & 1) != 0 ? Trigger.Level.ROW : Trigger.Level.STATEMENT, transition, r.when(), function, enabled, at));
            writes.putIfAbsent(function, FunctionWrites.scan(function, r.functionSource()));
        }
        java.util.List<TriggerFacts.FunctionCalls> calls = rows.calls().stream()
                .map(c -> new TriggerFacts.FunctionCalls(c.schema() + "." + c.name(), c.calls(), c.totalMs(), c.selfMs())).toList();
        java.util.Map<String, String> partitionOf = new java.util.HashMap<>();
        rows.partitions().forEach(p -> partitionOf.put(p.partition().schema() + "." + p.partition().table(), p.parent().schema() + "." + p.parent().table()));
        return new TriggerFacts(triggers, java.util.List.copyOf(writes.values()), calls, rows.trackFunctions(), partitionOf);
    }

    private static String name(TableName t) {
        return Quote.qualified(t.schema(), t.table());
    }

    private static void flushTable(SchemaReader reader, StringBuilder ddl, SourceLocation at, Consumer<Diagnostic> diagnostics) {
        if (ddl.length() > 0) {
            reader.read(ddl.append(")").toString(), at, diagnostics);
            ddl.setLength(0);
        }
    }
}
