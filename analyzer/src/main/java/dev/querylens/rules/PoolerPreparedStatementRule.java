package dev.querylens.rules;

import dev.querylens.engine.ConnectionFacts;
import dev.querylens.engine.ConnectionRule;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.workload.PreparedStatementErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Named server-side prepared statements going through a transaction pooler, as the server log shows
 * it: error 26000 (the client prepared the statement on another server connection than the one the
 * pooler lends it now) and 42P05 (another client prepared the same name on this one). A prepared
 * statement belongs to a server session, and a pooler in transaction mode hands each transaction
 * whichever server session is free. Which driver named the statement is read from the name the error
 * gives (pgjdbc's S_1, asyncpg's __asyncpg_stmt_1__, ...), so the fix can lead with that driver's
 * switch. The finding shows names only: the statements' text is never read from the error's context.
 */
public final class PoolerPreparedStatementRule implements ConnectionRule {
    private static final int SHOWN_NAMES = 5;

    /** A driver's way of naming its statements, and the setting that makes it send unnamed ones. */
    private record NamingDriver(String driver, Pattern names, String fix) {
    }

    // each pattern is the naming the driver's own source uses; a name none of them matches gets the general list
    private static final List<NamingDriver> DRIVERS = List.of(
            new NamingDriver("pgjdbc (Java)", Pattern.compile("S_[0-9]+"),
                    "pgjdbc: add prepareThreshold=0 to the JDBC URL (or the DataSource's prepareThreshold property), so the"
                            + " driver sends unnamed statements only"),
            new NamingDriver("asyncpg (Python)", Pattern.compile("__asyncpg_stmt_[0-9a-f_]+__"),
                    "asyncpg: connect with statement_cache_size=0"),
            new NamingDriver("psycopg 3 (Python)", Pattern.compile("_pg3_[0-9]+"),
                    "psycopg 3: set the connection's prepare_threshold = None"),
            new NamingDriver("Rails (ActiveRecord)", Pattern.compile("a[0-9]+"),
                    "Rails: prepared_statements: false in config/database.yml"),
            new NamingDriver("tokio-postgres (Rust; Prisma's query engine)", Pattern.compile("s[0-9]+"),
                    "Prisma: add pgbouncer=true to the connection string; tokio-postgres: use query_typed or"
                            + " simple_query instead of prepare"));

    @Override
    public String id() {
        return "pooler-prepared-statement";
    }

    @Override
    public List<Finding> check(ConnectionFacts facts, RuleContext context) {
        PreparedStatementErrors errors = facts.logs().preparedStatements();
        if (errors.total() == 0 || errors.total() < context.number("minErrors")) {
            return List.of();
        }
        Set<NamingDriver> drivers = new LinkedHashSet<>();
        for (String name : errors.names().keySet()) {
            DRIVERS.stream().filter(d -> d.names().matcher(name).matches()).findFirst().ifPresent(drivers::add);
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("source", "server log (ERROR lines)");
        evidence.put("doesNotExist26000", errors.missing());
        evidence.put("alreadyExists42P05", errors.existing());
        evidence.put("statementNames", errors.names());
        if (errors.otherNames() > 0) {
            evidence.put("errorsNamingOtherStatements", errors.otherNames());
        }
        evidence.put("drivers", drivers.stream().map(NamingDriver::driver).toList());
        if (!errors.clients().isEmpty()) {
            evidence.put("clients", errors.clients());
        }
        List<String> shown = new ArrayList<>(errors.names().keySet()).subList(0, Math.min(SHOWN_NAMES, errors.names().size()));
        String names = String.join(", ", shown.stream().map(n -> "\"" + n + "\"").toList())
                + (errors.names().size() > SHOWN_NAMES || errors.otherNames() > 0 ? ", ..." : "");
        String counts = errors.missing() > 0 && errors.existing() > 0
                ? errors.missing() + " \"does not exist\" (26000) and " + errors.existing() + " \"already exists\" (42P05)"
                : errors.missing() > 0 ? errors.missing() + " \"does not exist\" (26000)" : errors.existing() + " \"already exists\" (42P05)";
        String by = drivers.isEmpty() ? "" : ", named the way " + String.join(" and ", drivers.stream().map(NamingDriver::driver).toList())
                + " names them";
        String message = "The server log has " + counts + " errors for the prepared statements " + names + by + ": named"
                + " server-side prepared statements are going through a transaction pooler, which lends each transaction whichever"
                + " server connection is free, so a statement prepared on one is missing on the next and another client's"
                + " statement of the same name is already there. The queries that hit them failed";
        StringBuilder fix = new StringBuilder();
        for (NamingDriver d : drivers) {
            fix.append(d.fix()).append(". ");
        }
        // the general list, less what the drivers' own lines above already said
        List<String> others = new ArrayList<>();
        for (String[] d : new String[][] {{"pgjdbc", "pgjdbc prepareThreshold=0"}, {"", "postgres.js (and Drizzle on it) prepare: false"},
                {"Prisma", "Prisma pgbouncer=true in the connection string"}, {"", "node-postgres: no name in the query config"},
                {"asyncpg", "asyncpg statement_cache_size=0"}}) {
            if (d[0].isEmpty() || drivers.stream().noneMatch(n -> n.driver().contains(d[0]))) {
                others.add(d[1]);
            }
        }
        fix.append(drivers.isEmpty() ? "Make the driver send unnamed statements: " : "Other drivers: ").append(String.join("; ", others))
                .append(". Or keep them and upgrade the pooler: PgBouncer 1.21 and later track protocol-level prepared statements"
                        + " per client with max_prepared_statements > 0 (SQL-level PREPARE stays unsupported). Or connect in"
                        + " session mode where the statements must stay.");
        return List.of(new Finding(id(), context.severity(), message, null, null, List.of(), errors.locations(), evidence,
                fix.toString()));
    }
}
