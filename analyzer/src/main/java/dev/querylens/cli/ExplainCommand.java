package dev.querylens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.database.AllowedFunctions;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.DatabaseUnavailable;
import dev.querylens.database.SingleStatement;
import dev.querylens.database.UserDatabase;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.RuleEngine;
import dev.querylens.plan.ExplainJsonParser;
import dev.querylens.plan.ExplainPlan;
import dev.querylens.plan.PlanNode;
import dev.querylens.report.Secrets;
import dev.querylens.report.VisibleText;
import dev.querylens.schema.Catalog;
import dev.querylens.sql.Fingerprinter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show one plan as a tree, with the nodes that take most of the time (or cost) marked, and what the plan rules find in it.",
                "Reads an EXPLAIN (FORMAT JSON) file, or plans a statement on a live database with --db and --sql: read-only,"
                + " with a statement_timeout; only one SELECT, VALUES, TABLE, WITH, INSERT, UPDATE, DELETE or MERGE is sent (see docs/safety.md);"
                + " --analyze runs it (EXPLAIN ANALYZE) in a read-only transaction that is rolled back, which refuses writes."
                + " Either way a statement that calls a function neither built in nor allowed (--allow-function) is refused:"
                + " planning can run a function."},
        footer = {"", "Exit codes: 0 plan shown, 2 usage error, unreadable plan or database."})
final class ExplainCommand implements Callable<Integer> {
    private static final double HOT = 0.3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "PLAN.json", description = "An EXPLAIN (FORMAT JSON) file.")
    Path file;

    @Option(names = "--db", paramLabel = "URL", description = "Plan --sql on this database (postgresql://..., host=... dbname=..., or a JDBC URL; PG* variables and ~/.pgpass honoured).")
    String database;

    @Option(names = "--sql", paramLabel = "STATEMENT", description = "The statement to plan with --db.")
    String sql;

    @Option(names = "--analyze", description = "Run the statement (EXPLAIN ANALYZE, BUFFERS) instead of only planning it.")
    boolean analyze;

    @Option(names = "--allow-function", paramLabel = "FUNCTION", split = ",", description = "A function the statement may call for it"
            + " to be planned (or, with --analyze, run): name, schema.name, schema.* or extension:NAME; repeatable; added to allowFunctions"
            + " of querylens.yaml in the working directory. A statement that calls a function neither built in nor allowed is refused.")
    List<String> allowFunctions = List.of();

    @Option(names = "--show-literals", description = "Show the values in plan conditions as the plan has them; by default they are"
            + " shown as $n, as the statement is.")
    boolean showLiterals;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ExplainPlan> plans;
        String where;
        try {
            if (file != null) {
                plans = new ExplainJsonParser(new ObjectMapper()).parse(Files.readString(file));
                where = file.toString();
            } else if (database != null && sql == null || database == null && sql != null) {
                err.println("querylens explain: --db and --sql go together: give both, or a PLAN.json file");
                return 2;
            } else if (database != null && sql != null) {
                ConnectionSettings settings = DatabaseUrl.settings(database);
                AllowedFunctions allowed = InputOptions.allowed(allowFunctions, InputOptions.settings(null, RuleCatalog.load()));
                SingleStatement.Result checked = SingleStatement.of(sql);
                if (checked.statement() == null) {
                    err.println("querylens explain: --sql not sent to the database: " + checked.refusal());
                    return 2;
                }
                plans = new ExplainJsonParser(new ObjectMapper()).parse(explainOnServer(settings, checked.statement(), allowed));
                where = "db " + settings.shown();
            } else {
                err.println("querylens explain: give a PLAN.json file, or --db URL and --sql STATEMENT");
                return 2;
            }
        } catch (InputOptions.InputError | DatabaseUnavailable e) {
            err.println("querylens explain: " + e.getMessage());
            return 2;
        } catch (java.nio.charset.CharacterCodingException e) {
            err.println("querylens explain: " + file + ": not UTF-8 text (an EXPLAIN (FORMAT JSON) plan is; a compressed file must be decompressed first)");
            return 2;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | StackOverflowError | OutOfMemoryError | RuntimeException e) {
            // Jackson's messages quote the text they stopped at: only the kind of problem and its position are said
            err.println("querylens explain: " + (file != null ? file + ": " : "") + "not a readable EXPLAIN (FORMAT JSON) plan: "
                    + dev.querylens.collect.ReadFailure.describe(e));
            return 2;
        } catch (java.io.IOException | SQLException e) {
            err.println("querylens explain: " + (file != null && !(e instanceof java.nio.file.FileSystemException) ? file + ": " : "")
                    + Secrets.redact(String.valueOf(e.getMessage()).lines().findFirst().orElse(""))
                    + (e instanceof java.nio.file.NoSuchFileException ? ": no such file" : ""));
            return 2;
        }
        RuleCatalog rules = RuleCatalog.load();
        for (ExplainPlan plan : plans) {
            String text = plan.queryText() != null ? plan.queryText() : sql;
            if (text != null) {
                out.println("statement: " + VisibleText.line(new Fingerprinter().normalize(text)));
            }
            double total = plan.root().weight();
            out.printf(Locale.ROOT, "%s%n", plan.root().analyzed()
                    ? String.format(Locale.ROOT, "total %.3f ms (shares are of actual time)", total)
                    : Double.isNaN(plan.root().totalCost()) ? "no costs in this plan (EXPLAIN with COSTS OFF?): no shares"
                    : String.format(Locale.ROOT, "total cost %.2f (shares are of estimated cost)", total));
            print(out, plan.root(), total, showLiterals);
            RuleEngine engine = new RuleEngine(rules, Map.of());
            String normalized = text == null ? null : new Fingerprinter().normalize(text);
            List<Finding> findings = engine.judge(List.of(),
                    List.of(new RuleEngine.PlanInput(plan.root(), normalized, new SourceLocation(where, 0))), Catalog.empty());
            out.println(findings.isEmpty() ? "\nNo plan rule fires." : "\nFindings:");
            for (Finding f : findings) {
                out.printf("  %s %s: %s%n    fix: %s%n", f.severity().label().toUpperCase(Locale.ROOT), f.rule(),
                        VisibleText.line(f.message()), VisibleText.line(f.fix()));
            }
            out.println();
        }
        out.flush();
        return 0;
    }

    private String explainOnServer(ConnectionSettings settings, SingleStatement statement, AllowedFunctions allowed)
            throws SQLException, DatabaseUnavailable {
        try (UserDatabase db = UserDatabase.open(settings, UserDatabase.Access.READ_ONLY, allowed)) {
            return db.explainJson(statement, analyze);
        }
    }

    /** Draws the tree depth-first with an explicit stack: a plan of any depth (a damaged one too) cannot overflow the call stack. */
    private static void print(PrintWriter out, PlanNode root, double total, boolean literals) {
        java.util.ArrayDeque<java.util.Map.Entry<PlanNode, Integer>> stack = new java.util.ArrayDeque<>();
        stack.push(java.util.Map.entry(root, 0));
        while (!stack.isEmpty()) {
            var next = stack.pop();
            printNode(out, next.getKey(), total, next.getValue(), literals);
            List<PlanNode> children = next.getKey().children();
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(java.util.Map.entry(children.get(i), next.getValue() + 1));
            }
        }
    }

    /** One node's line and its conditions; every name and condition comes from the plan file, so each is shown escaped. */
    private static void printNode(PrintWriter out, PlanNode n, double total, int depth, boolean literals) {
        double share = n.ownShare(total);
        StringBuilder line = new StringBuilder("  ".repeat(depth + 1)).append(depth > 0 ? "-> " : "").append(VisibleText.line(n.nodeType()));
        if (n.relationName() != null) {
            line.append(" on ").append(VisibleText.line(n.relationName()));
        }
        if (n.indexName() != null) {
            line.append(" using ").append(VisibleText.line(n.indexName()));
        }
        if (!Double.isNaN(n.totalCost())) {
            line.append(String.format(Locale.ROOT, "  [%3.0f%%] est. %s rows, cost %.2f", 100 * share, count(n.planRows()), n.totalCost()));
        } else if (n.analyzed()) {
            line.append(String.format(Locale.ROOT, "  [%3.0f%%]", 100 * share));
        }
        if (n.analyzed()) {
            line.append(String.format(Locale.ROOT, "; actual %s rows x %s loops, %.3f ms", count(n.actualRows()), count(n.actualLoops()),
                    n.actualTotalTimeMs()));
        }
        if (!Double.isNaN(n.rowsRemovedByFilter())) {
            line.append(String.format(Locale.ROOT, "; %.0f removed by filter", n.rowsRemovedByFilter()));
        }
        if (share >= HOT) {
            line.append("   <== most of the time");
        }
        out.println(line);
        if (n.filter() != null) {
            out.println("  ".repeat(depth + 3) + "filter: " + VisibleText.line(condition(n.filter(), literals)));
        }
        if (n.indexCond() != null) {
            out.println("  ".repeat(depth + 3) + "index cond: " + VisibleText.line(condition(n.indexCond(), literals)));
        }
    }

    /** A plan condition holds the values the statement ran or was planned with: shown as $n, as analyze's reports do, unless asked. */
    private static String condition(String text, boolean literals) {
        return literals ? text : new Fingerprinter().normalize(text);
    }

    /** A row or loop count; "?" where the plan does not give it, never "NaN". */
    private static String count(double value) {
        return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, "%.0f", value);
    }
}
