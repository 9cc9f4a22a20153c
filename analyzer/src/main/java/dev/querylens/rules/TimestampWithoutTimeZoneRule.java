package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation;
import dev.querylens.migration.Operation.ColumnDef;
import dev.querylens.migration.WorkloadUse;
import java.util.ArrayList;
import java.util.List;

/**
 * A column declared timestamp (without time zone): it stores a wall-clock reading with no zone,
 * so the same instant written by sessions with different TimeZone settings reads back differently,
 * and arithmetic across DST changes is off by an hour. timestamptz stores the instant.
 */
public final class TimestampWithoutTimeZoneRule implements MigrationRule {
    @Override
    public String id() {
        return "timestamp-without-time-zone";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Operation op = step.op();
        List<String> columns = new ArrayList<>();
        switch (op.kind()) {
            case CREATE_TABLE -> op.columns().stream().filter(c -> plain(c.type())).map(ColumnDef::name).forEach(columns::add);
            case ADD_COLUMN, ALTER_TYPE -> {
                if (plain(op.type())) {
                    columns.add(op.column());
                }
            }
            default -> { }
        }
        // a column a later migration retypes (to timestamptz, as a fix usually does) or drops is judged there, not here
        columns.removeIf(step::replacedLater);
        List<Finding> out = new ArrayList<>();
        for (String c : columns) {
            String message = "Column " + op.table() + "." + c + " is timestamp without time zone: it stores a wall-clock reading, so"
                    + " the same instant reads back differently under different TimeZone settings";
            out.add(new Finding(context.definition().id(), context.severity(), message, step.normalizedSql(), op.table(),
                    List.of(c), List.of(step.at()), java.util.Map.of(), "Declare it timestamptz (timestamp with time zone)."));
        }
        return out;
    }

    private static boolean plain(String type) {
        return type != null && (type.equals("timestamp") || type.matches("timestamp\\(\\d+\\)"));
    }
}
