package dev.querylens.migration;

import dev.querylens.collect.SqlScript;
import dev.querylens.collect.SqlStatementText;
import dev.querylens.migration.MigrationTokens.Token;
import dev.querylens.migration.MigrationTokens.Type;
import dev.querylens.migration.Operation.ColumnDef;
import dev.querylens.migration.Operation.Kind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads what one migration statement does. It reads only the statement forms the migration rules
 * judge; anything else yields no operation (and so no finding), never an error: a migration
 * linter that stops at the first statement it cannot read protects nothing after it.
 * Drizzle-kit's {@code DO $$ BEGIN ALTER TABLE ... EXCEPTION WHEN duplicate_object ... END $$}
 * blocks are read through: the ALTER inside is what runs.
 */
public final class OperationParser {
    private static final Set<String> COLUMN_STOPS = Set.of("default", "not", "null", "primary", "unique", "references",
            "check", "constraint", "collate", "generated");
    private static final Set<String> DEFAULT_STOPS = Set.of("not", "null", "primary", "unique", "references", "check",
            "constraint", "collate", "generated");

    private OperationParser() {
    }

    public static List<Operation> parse(String sql) {
        MigrationTokens t = new MigrationTokens(sql);
        List<Operation> out = new ArrayList<>();
        if (t.accept("begin") || t.accept("start", "transaction")) {
            out.add(Operation.of(Kind.BEGIN, null));
        } else if (t.accept("commit") || t.accept("end") || t.accept("rollback")) {
            out.add(Operation.of(Kind.COMMIT, null));
        } else if (t.accept("set")) {
            boolean local = false;
            if (!t.accept("session")) {
                local = t.accept("local");
            }
            if (t.accept("lock_timeout")) {
                if (!t.accept("to")) {
                    t.accept("=");
                }
                out.add(Operation.of(Kind.SET_LOCK_TIMEOUT, null).withDetail(t.next().text().replace("'", "")));
            } else if (t.accept("timezone") || t.accept("time", "zone")) {
                if (!t.accept("to")) {
                    t.accept("=");
                }
                out.add(Operation.of(local ? Kind.SET_LOCAL_TIME_ZONE : Kind.SET_TIME_ZONE, null).withDetail(t.until(Set.of())));
            }
        } else if (t.accept("reset")) {
            if (t.accept("timezone") || t.accept("time", "zone") || t.accept("all")) {
                out.add(Operation.of(Kind.SET_TIME_ZONE, null).withDetail("default"));
            }
        } else if (t.accept("alter", "database")) {
            t.name();
            if (t.accept("set")) {
                if (t.accept("timezone") || t.accept("time", "zone")) {
                    if (!t.accept("to")) {
                        t.accept("=");
                    }
                    out.add(Operation.of(Kind.SET_DATABASE_TIME_ZONE, null).withDetail(t.until(Set.of())));
                }
            } else if (t.accept("reset") && (t.accept("timezone") || t.accept("time", "zone") || t.accept("all"))) {
                out.add(Operation.of(Kind.SET_DATABASE_TIME_ZONE, null).withDetail("default"));
            }
        } else if (t.accept("create")) {
            create(t, out);
        } else if (t.accept("drop", "index")) {
            boolean concurrently = t.accept("concurrently");
            String ifExists = t.accept("if", "exists") ? "if exists" : null;
            do {
                out.add(Operation.of(Kind.DROP_INDEX, null).withColumn(t.name()).withConcurrently(concurrently).withDetail(ifExists));
            } while (t.accept(","));
        } else if (t.accept("drop", "table")) {
            String ifExists = t.accept("if", "exists") ? "if exists" : null;
            do {
                out.add(Operation.of(Kind.DROP_TABLE, t.name()).withDetail(ifExists));
            } while (t.accept(","));
        } else if (t.accept("alter", "table")) {
            alterTable(t, out);
        } else if (t.accept("with")) {
            // WITH ordered AS (SELECT ...) UPDATE ... / DELETE ...: the common table expressions are read, not written
            t.accept("recursive");
            do {
                t.name();
                if (t.accept("(")) {
                    t.skipGroup();
                }
                t.accept("as");
                t.accept("not");
                t.accept("materialized");
                if (t.accept("(")) {
                    t.skipGroup();
                }
            } while (t.accept(","));
            if (t.accept("delete", "from")) {
                t.accept("only");
                out.add(Operation.of(Kind.DELETE_ROWS, t.name()).withDetail(where(t)));
            } else if (t.accept("update")) {
                update(t, out);
            }
        } else if (t.accept("delete", "from")) {
            t.accept("only");
            out.add(Operation.of(Kind.DELETE_ROWS, t.name()).withDetail(where(t)));
        } else if (t.accept("update")) {
            update(t, out);
        } else if (t.accept("truncate")) {
            t.accept("table");
            do {
                t.accept("only");
                out.add(Operation.of(Kind.TRUNCATE, t.name()));
                t.accept("*");
            } while (t.accept(","));
        } else if (t.accept("drop", "type")) {
            t.accept("if", "exists");
            List<String> names = new ArrayList<>();
            do {
                names.add(t.name());
            } while (t.accept(","));
            String cascade = t.accept("cascade") ? "cascade" : null;
            names.forEach(n -> out.add(Operation.of(Kind.DROP_TYPE, null).withColumn(n).withDetail(cascade)));
        } else if (t.accept("do")) {
            Token body = t.next();
            if (body.type() == Type.STRING && body.text().startsWith("$")) {
                String text = body.text();
                int open = text.indexOf('$', 1) + 1;
                int close = text.lastIndexOf('$', text.length() - 2);
                String inner = close > open ? text.substring(open, close) : "";
                for (SqlStatementText st : SqlScript.split(inner)) {
                    String s = st.sql().strip();
                    if (s.regionMatches(true, 0, "begin", 0, 5)) {
                        s = s.substring(5);
                    }
                    if (!s.isBlank()) {
                        for (Operation op : parse(s)) {
                            if (op.kind() != Kind.BEGIN && op.kind() != Kind.COMMIT) {
                                out.add(op);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * UPDATE [ONLY] t [[AS] alias] SET col = expr, (a, b) = (...) [FROM ...] [WHERE ...]: the columns
     * it assigns and its condition. A column written {@code col.field} or {@code col[1]} is still col.
     */
    private static void update(MigrationTokens t, List<Operation> out) {
        t.accept("only");
        String table = t.name();
        t.accept("*");
        if (!t.peek().is("set")) {
            t.accept("as");
            t.next(); // the alias
        }
        if (!t.accept("set")) {
            return;
        }
        List<ColumnDef> assigned = new ArrayList<>();
        do {
            if (t.accept("(")) {
                do {
                    assigned.add(new ColumnDef(t.name(), null, false));
                } while (t.accept(","));
                t.accept(")");
            } else {
                String column = t.name();
                int dot = column.indexOf('.');
                String target = dot < 0 ? column : column.substring(0, dot);
                boolean whole = dot < 0;
                if (t.accept("[")) {
                    whole = false;
                    while (!t.atEnd() && !t.next().is("]")) {
                        // the subscript
                    }
                }
                t.accept("=");
                String value = t.until(Set.of("from", "where", "returning"));
                // SET request = request changes no value (it is written to fire a trigger): nothing is overwritten
                if (!(whole && value.replace("\"", "").equalsIgnoreCase(target))) {
                    assigned.add(new ColumnDef(target, value, false));
                }
                continue;
            }
            t.accept("=");
            t.until(Set.of("from", "where", "returning"));
        } while (t.accept(","));
        out.add(Operation.of(Kind.UPDATE_ROWS, table).withColumns(assigned).withDetail(where(t)));
    }

    /** The WHERE condition of a DELETE or UPDATE (skipping its USING or FROM list), null when it has none. */
    private static String where(MigrationTokens t) {
        int depth = 0;
        while (!t.atEnd()) {
            if (depth == 0 && t.accept("where")) {
                // qualified names as written (the tokens' text spaces every symbol)
                String condition = t.until(Set.of("returning")).replace(" . ", ".");
                return condition.isBlank() ? null : condition;
            }
            MigrationTokens.Token token = t.next();
            if (token.is("(")) {
                depth++;
            } else if (token.is(")")) {
                depth--;
            }
        }
        return null;
    }

    private static void create(MigrationTokens t, List<Operation> out) {
        t.accept("or", "replace");
        boolean unique = t.accept("unique");
        if (t.accept("index")) {
            boolean concurrently = t.accept("concurrently");
            t.accept("if", "not", "exists");
            String name = t.peek().is("on") ? null : t.name();
            if (t.accept("on")) {
                t.accept("only");
                out.add(Operation.of(Kind.CREATE_INDEX, t.name()).withColumn(name).withConcurrently(concurrently)
                        .withConstraint(unique ? "UNIQUE" : null, false, false, null, null));
            }
            return;
        }
        if (!t.accept("unlogged")) {
            if (!t.accept("temporary")) {
                t.accept("temp");
            }
        }
        if (!t.accept("table")) {
            return;
        }
        t.accept("if", "not", "exists");
        String table = t.name();
        if (!t.accept("(")) {
            out.add(Operation.of(Kind.CREATE_TABLE, table)); // CREATE TABLE ... AS / PARTITION OF: a new table all the same
            return;
        }
        List<ColumnDef> columns = new ArrayList<>();
        Set<String> primaryKey = new LinkedHashSet<>();
        while (!t.atEnd() && !t.peek().is(")")) {
            if (t.accept("constraint")) {
                t.next();
            }
            if (t.accept("primary", "key") && t.accept("(")) {
                do {
                    primaryKey.add(t.name());
                } while (t.accept(","));
                t.accept(")");
            } else if (t.peek().is("unique") || t.peek().is("foreign") || t.peek().is("check") || t.peek().is("exclude")
                    || t.peek().is("like")) {
                // a table constraint: nothing the rules read about the new table
            } else {
                String name = t.name();
                String type = ColumnTypes.normalize(t.until(COLUMN_STOPS));
                boolean pk = false;
                while (!t.atEnd() && !t.peek().is(",") && !t.peek().is(")")) {
                    if (t.accept("primary", "key")) {
                        pk = true;
                    } else if (t.next().is("(")) {
                        t.skipGroup();
                    }
                }
                columns.add(new ColumnDef(name, type, pk));
                if (t.accept(",")) {
                    continue;
                }
                break;
            }
            if (!t.skipToCommaInside()) {
                break;
            }
        }
        List<ColumnDef> withPk = columns.stream()
                .map(c -> new ColumnDef(c.name(), c.type(), c.primaryKey() || primaryKey.contains(c.name()))).toList();
        out.add(Operation.of(Kind.CREATE_TABLE, table).withColumns(withPk));
    }

    private static void alterTable(MigrationTokens t, List<Operation> out) {
        t.accept("if", "exists");
        t.accept("only");
        String table = t.name();
        t.accept("*");
        do {
            Operation op = action(t, table);
            if (op != null) {
                out.add(op);
            }
        } while (t.skipToComma());
    }

    private static Operation action(MigrationTokens t, String table) {
        if (t.accept("rename", "to")) {
            return Operation.of(Kind.RENAME_TABLE, table).withNewName(t.name());
        }
        if (t.accept("rename", "constraint")) {
            return Operation.of(Kind.OTHER_ALTER, table);
        }
        if (t.accept("rename")) {
            t.accept("column");
            String column = t.name();
            t.accept("to");
            return Operation.of(Kind.RENAME_COLUMN, table).withColumn(column).withNewName(t.name());
        }
        if (t.accept("validate", "constraint")) {
            return Operation.of(Kind.VALIDATE_CONSTRAINT, table).withConstraint(t.name(), false, false, null, null);
        }
        if (t.accept("drop", "constraint")) {
            t.accept("if", "exists");
            return Operation.of(Kind.DROP_CONSTRAINT, table).withConstraint(t.name(), false, false, null, null);
        }
        if (t.accept("drop")) {
            t.accept("column");
            t.accept("if", "exists");
            return Operation.of(Kind.DROP_COLUMN, table).withColumn(t.name());
        }
        if (t.accept("add")) {
            if (t.peek().is("constraint") || t.peek().is("foreign") || t.peek().is("check") || t.peek().is("unique")
                    || t.peek().is("primary") || t.peek().is("exclude")) {
                return addConstraint(t, table);
            }
            t.accept("column");
            t.accept("if", "not", "exists");
            String column = t.name();
            String type = ColumnTypes.normalize(t.until(COLUMN_STOPS));
            String defaultExpr = null;
            String generated = null;
            boolean notNull = false;
            String referenced = null;
            while (!t.atEnd() && !t.peek().is(",")) {
                if (t.accept("references")) {
                    referenced = t.name();
                } else if (t.accept("default")) {
                    defaultExpr = t.until(DEFAULT_STOPS);
                } else if (t.accept("not", "null") || t.accept("primary", "key")) {
                    notNull = true;
                } else if (t.accept("generated", "always", "as") && t.accept("(")) {
                    generated = "stored";
                    t.skipGroup();
                } else if (t.next().is("(")) {
                    t.skipGroup();
                }
            }
            Operation add = Operation.of(Kind.ADD_COLUMN, table).withColumn(column).withType(type).withDefault(defaultExpr, notNull);
            // a foreign key added with the column: the constraint kind and its table, as ADD CONSTRAINT would give them
            return referenced == null ? add.withDetail(generated) : add.withConstraint("FOREIGN KEY", false, false, referenced, generated);
        }
        if (t.accept("alter")) {
            t.accept("column");
            String column = t.name();
            if (t.accept("set", "data", "type") || t.accept("type")) {
                Operation retype = Operation.of(Kind.ALTER_TYPE, table).withColumn(column)
                        .withType(ColumnTypes.normalize(t.until(Set.of("using", "collate"))));
                if (t.accept("collate")) {
                    t.name();
                }
                // USING expr: the server skips the rewrite only when the expression is the column itself
                return t.accept("using") ? retype.withDetail(t.until(Set.of())) : retype;
            }
            if (t.accept("set", "not", "null")) {
                return Operation.of(Kind.SET_NOT_NULL, table).withColumn(column);
            }
            return Operation.of(Kind.OTHER_ALTER, table).withColumn(column);
        }
        return Operation.of(Kind.OTHER_ALTER, table);
    }

    private static Operation addConstraint(MigrationTokens t, String table) {
        String name = null;
        if (t.accept("constraint")) {
            name = t.name();
        }
        String kind;
        String referenced = null;
        String detail = null;
        boolean usingIndex = false;
        if (t.accept("foreign", "key")) {
            kind = "FOREIGN KEY";
            if (t.accept("(")) {
                t.skipGroup();
            }
            if (t.accept("references")) {
                referenced = t.name();
            }
        } else if (t.accept("check")) {
            kind = "CHECK";
            if (t.accept("(")) {
                detail = t.until(Set.of());
                t.accept(")");
            }
        } else if (t.accept("unique") || t.accept("primary", "key")) {
            kind = t.peek(-1).is("key") ? "PRIMARY KEY" : "UNIQUE";
            t.accept("nulls", "not", "distinct");
            usingIndex = t.accept("using", "index");
            if (usingIndex) {
                detail = t.name(); // the index the constraint takes over (PostgreSQL renames it to the constraint's name)
            } else if (t.accept("(")) {
                // every column of the key, not only the first: the fix builds the index the constraint would
                StringBuilder columns = new StringBuilder(t.until(Set.of()));
                while (t.accept(",")) {
                    columns.append(", ").append(t.until(Set.of()));
                }
                detail = columns.toString();
                t.accept(")");
            }
        } else {
            kind = "EXCLUDE";
        }
        boolean notValid = false;
        while (!t.atEnd() && !t.peek().is(",")) {
            if (t.accept("not", "valid")) {
                notValid = true;
            } else if (t.next().is("(")) {
                t.skipGroup();
            }
        }
        return Operation.of(Kind.ADD_CONSTRAINT, table).withColumn(name).withConstraint(kind, notValid, usingIndex, referenced, detail);
    }
}
