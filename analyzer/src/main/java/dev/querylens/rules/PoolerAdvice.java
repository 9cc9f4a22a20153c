package dev.querylens.rules;

import java.util.Locale;

/**
 * The advice both connection rules give: a pooler in transaction mode, and what transaction mode
 * takes away. Kept in one place so the two findings never disagree.
 */
final class PoolerAdvice {
    private PoolerAdvice() {
    }

    /** @param supabase whether the project shows Supabase or PostgREST: Supavisor is then already there, on port 6543 */
    static String pooler(boolean supabase) {
        String pooler = supabase
                ? "Connect through Supavisor, Supabase's pooler, in transaction mode (port 6543 of the pooler host instead of"
                        + " 5432; PgBouncer with pool_mode = transaction elsewhere)."
                : "Put a pooler in transaction mode between the application and PostgreSQL: PgBouncer with"
                        + " pool_mode = transaction (on Supabase, Supavisor in transaction mode on port 6543).";
        return pooler + " Transaction mode lends a server connection for one transaction and takes it back at COMMIT, so"
                + " session state does not carry over: SET (use SET LOCAL inside the transaction), session advisory locks"
                + " (use pg_advisory_xact_lock), LISTEN, temporary tables and WITH HOLD cursors need a session-mode pool or"
                + " a direct connection. Server-side prepared statements need care: pgjdbc prepareThreshold=0 (or PgBouncer"
                + " >= 1.21 with max_prepared_statements > 0), Prisma's connection string with pgbouncer=true, node-postgres"
                + " without named queries, Drizzle on postgres.js with prepare: false.";
    }

    static String ms(double ms) {
        return Double.isNaN(ms) ? "unknown" : ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms)
                : ms < 10_000 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }

    static double rounded(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
