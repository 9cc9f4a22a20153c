package dev.querylens.advisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.sql.Fingerprinter;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;

/**
 * The planner's total cost of a statement, which may have $n parameters. Without parameters it is
 * plain EXPLAIN. With them the plan is generic: EXPLAIN (GENERIC_PLAN) on PostgreSQL 16+, and on
 * older servers PREPARE with plan_cache_mode = force_generic_plan and EXPLAIN EXECUTE with NULLs
 * (a generic plan does not look at the values). The prepared statement is deallocated each time,
 * so a new index set is always planned afresh.
 */
final class GenericPlanCost {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GenericPlanCost() {
    }

    static double of(Statement s, String sql, int serverVersion) throws SQLException {
        int params = Fingerprinter.highestParameter(sql);
        String json;
        if (params == 0) {
            json = single(s, "EXPLAIN (FORMAT JSON) " + sql);
        } else if (serverVersion >= 160000) {
            json = single(s, "EXPLAIN (GENERIC_PLAN, FORMAT JSON) " + sql);
        } else {
            String name = "querylens_q" + Long.toHexString(System.nanoTime());
            s.execute("PREPARE " + name + " AS " + sql);
            try {
                s.execute("SET plan_cache_mode = force_generic_plan");
                json = single(s, "EXPLAIN (FORMAT JSON) EXECUTE " + name + "(" + String.join(", ", Collections.nCopies(params, "NULL")) + ")");
            } finally {
                s.execute("DEALLOCATE " + name);
                s.execute("RESET plan_cache_mode");
            }
        }
        try {
            JsonNode plan = MAPPER.readTree(json);
            return plan.get(0).get("Plan").get("Total Cost").asDouble();
        } catch (IOException e) {
            throw new SQLException("unreadable EXPLAIN output: " + e.getMessage());
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            StringBuilder b = new StringBuilder();
            while (rs.next()) {
                b.append(rs.getString(1));
            }
            return b.toString();
        }
    }
}
