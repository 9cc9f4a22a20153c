package dev.querylens.database;

import dev.querylens.sql.Quote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLWarning;

/**
 * Every function a prepared statement reaches, as the server resolved it. PREPARE parses,
 * analyzes and rewrites the statement without planning it (nothing is folded, nothing estimated),
 * and with {@code debug_print_rewritten} on the server hands back the rewritten query tree: views
 * expanded, column defaults and row level security policies added, every call and operator
 * resolved to its oid. The oids are read from that tree ({@code :funcid}, {@code :aggfnoid},
 * {@code :winfnoid}, {@code :tsmhandler} for functions, {@code :opno}, {@code :opnos},
 * {@code :eqop}, {@code :sortop} for operators), operators are taken to their function and
 * selectivity estimators, and each is named from pg_proc. Names in the tree are escaped by the
 * server ({@code \:funcid}), so a table or column name cannot hide a call; it could only add one,
 * which errs on the side of not planning.
 */
final class CalledFunctions {
    private static final Pattern FUNCTION = Pattern.compile("(?<![\\\\\\w]):(?:funcid|aggfnoid|winfnoid|tsmhandler|opfuncid) (\\d+)");
    private static final Pattern OPERATOR = Pattern.compile("(?<![\\\\\\w]):(?:opno|eqop|sortop) (\\d+)");
    private static final Pattern OPERATOR_LIST = Pattern.compile("(?<![\\\\\\w]):opnos \\(o((?: \\d+)*)\\)");

    private CalledFunctions() {
    }

    /** A function as pg_proc names it; {@code extension} is empty when no extension owns it, {@code name} when pg_proc has no such oid. */
    record Function(long oid, String schema, String name, String arguments, String extension) {
        String shown() {
            return name.isEmpty() ? "a function the server could not name (oid " + oid + ")"
                    : Quote.ident(schema) + "." + Quote.ident(name) + "(" + arguments + ")"
                    + (extension.isEmpty() ? "" : " of extension " + Quote.ident(extension));
        }
    }

    /**
     * The rewritten query trees the server sent as LOG messages while the statement was prepared,
     * known by their detail (a list of QUERY nodes) rather than by the message, which the server's
     * lc_messages translates. Nothing else runs while a statement is prepared that could send one.
     */
    static List<String> trees(SQLWarning warnings) {
        List<String> out = new ArrayList<>();
        for (SQLWarning w = warnings; w != null; w = w.getNextWarning()) {
            if (w instanceof PSQLWarning p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getDetail() != null
                    && p.getServerErrorMessage().getDetail().stripLeading().startsWith("({QUERY")) {
                out.add(p.getServerErrorMessage().getDetail());
            }
        }
        return out;
    }

    /** The functions and operators the trees name, as oids. */
    static Set<Long>[] oids(List<String> trees) {
        Set<Long> functions = new TreeSet<>();
        Set<Long> operators = new TreeSet<>();
        for (String tree : trees) {
            Matcher f = FUNCTION.matcher(tree);
            while (f.find()) {
                functions.add(Long.parseLong(f.group(1)));
            }
            Matcher o = OPERATOR.matcher(tree);
            while (o.find()) {
                operators.add(Long.parseLong(o.group(1)));
            }
            Matcher list = OPERATOR_LIST.matcher(tree);
            while (list.find()) {
                for (String oid : list.group(1).strip().split(" +")) {
                    if (!oid.isEmpty()) {
                        operators.add(Long.parseLong(oid));
                    }
                }
            }
        }
        functions.remove(0L);
        operators.remove(0L);
        @SuppressWarnings("unchecked")
        Set<Long>[] both = new Set[] {functions, operators};
        return both;
    }

    /** The functions, and the functions and estimators of the operators, named by the server's catalog. */
    static List<Function> resolve(Connection c, Set<Long> functions, Set<Long> operators) throws SQLException {
        List<Function> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(UserDatabase.MARK
                + "WITH called AS (SELECT unnest(?::oid[]) AS oid UNION SELECT unnest(ARRAY[o.oprcode::oid, o.oprrest::oid,"
                + " o.oprjoin::oid]) FROM pg_operator o WHERE o.oid = ANY (?::oid[]))"
                + " SELECT c.oid::bigint, coalesce(n.nspname, ''), coalesce(p.proname, ''),"
                + " coalesce(pg_get_function_identity_arguments(p.oid), ''), coalesce((SELECT e.extname FROM pg_depend d"
                + " JOIN pg_extension e ON e.oid = d.refobjid WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid"
                + " AND d.deptype = 'e' LIMIT 1), '') FROM called c LEFT JOIN pg_proc p ON p.oid = c.oid"
                + " LEFT JOIN pg_namespace n ON n.oid = p.pronamespace WHERE c.oid <> 0"
                + " UNION ALL SELECT x::bigint, '', '', '', '' FROM unnest(?::oid[]) x"
                + " WHERE NOT EXISTS (SELECT 1 FROM pg_operator WHERE oid = x) ORDER BY 1")) {
            s.setQueryTimeout(UserDatabase.QUERY_TIMEOUT_S);
            s.setString(1, array(functions));
            s.setString(2, array(operators));
            s.setString(3, array(operators));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Function(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Why the statement may not be planned (naming the functions), or null when every function is allowed. */
    static String refusal(List<Function> functions, AllowedFunctions allowed) {
        List<String> refused = functions.stream().filter(f -> f.name().isEmpty() || !allowed.allows(f)).map(Function::shown).distinct().toList();
        if (refused.isEmpty()) {
            return null;
        }
        return "not planned: it calls " + String.join(", ", refused) + ", which "
                + (refused.size() == 1 ? "is" : "are") + " not built in (or runs SQL it is given), and planning can run a function;"
                + " allow it with --allow-function (or allowFunctions in querylens.yaml) if it may run";
    }

    private static String array(Set<Long> oids) {
        StringBuilder b = new StringBuilder("{");
        for (Long oid : oids) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(oid);
        }
        return b.append('}').toString();
    }
}
