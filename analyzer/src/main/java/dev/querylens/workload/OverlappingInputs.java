package dev.querylens.workload;

import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.Execution;
import dev.querylens.collect.SourceKind;
import dev.querylens.sql.Fingerprinter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One execution counted once when several inputs record it: a server writing stderr, csvlog and
 * jsonlog side by side ({@code log_destination = 'stderr,csvlog,jsonlog'}), or a server log given
 * with the ORM's own log of the same run. Inputs are read one after another; this remembers what
 * the earlier ones held and drops an event a later input repeats, before anything counts it.
 *
 * <p>Server events are matched by what every format of one server logs identically: the process
 * id (a csvlog or jsonlog session id ends with it in hex), the time to the second (a stderr prefix
 * with %t has no milliseconds, and is the time the line was written: up to a second later), the duration as logged, the statement's text and its values; a
 * connection line by pid, second and kind. Two events of one file are never matched with each
 * other, so a statement a session really ran twice in a second counts twice.
 *
 * <p>An application's log has neither the server's process ids nor, mostly, times. Its statements
 * are matched against the server's by normalized statement and values (or the statement alone where
 * one side has no values, or the ORM's log left some out), and only when it is a log of the same run: when at least
 * {@link #SAME_RUN} of its statements have a server event to match, checked in a first pass over
 * the file. Then the server's record of each matched one is kept (it has the real duration and
 * session), the application's dropped, and the application's unmatched statements still count.
 *
 * <p>Memory is 24 bytes a remembered event (72 when application logs follow), at most
 * {@link #MAX_KEYS} events; past that, later events are not checked, and a note says so.
 */
public final class OverlappingInputs {
    static final int MAX_KEYS = Math.max(1, Integer.getInteger("querylens.maxOverlapEvents", 4_000_000));
    /** The share of an application log's statements the server log must hold for the two to be one run. */
    static final double SAME_RUN = 0.9;

    private final CountedKeys events;
    private final CountedKeys statements;
    private final CountedKeys shapes;
    private final Fingerprinter fingerprinter = new Fingerprinter();
    private final List<String> files = new ArrayList<>();
    private boolean full;

    public OverlappingInputs() {
        this(MAX_KEYS);
    }

    OverlappingInputs(int capacity) {
        events = new CountedKeys(capacity);
        statements = new CountedKeys(capacity);
        shapes = new CountedKeys(capacity);
    }

    /**
     * The next server log's filter.
     *
     * @param remember    whether a later input may repeat its events (otherwise nothing is kept for it)
     * @param forAppLogs  whether application logs follow, to be matched against its statements
     */
    public ServerInput serverLog(String file, boolean remember, boolean forAppLogs) {
        files.add(file);
        return new ServerInput(file, files.size() - 1, remember, forAppLogs);
    }

    /** A filter for an application's log, read after the server logs. */
    public AppInput appLog(String file) {
        files.add(file);
        return new AppInput(file, files.size() - 1);
    }

    /** What one input held that earlier ones had: per earlier input, how many. */
    private abstract class Input {
        final String file;
        final int index;
        final Map<Integer, Long> matched = new TreeMap<>();
        long seen;

        Input(String file, int index) {
            this.file = file;
            this.index = index;
        }

        long matchedTotal() {
            return matched.values().stream().mapToLong(Long::longValue).sum();
        }

        String others() {
            return matched.keySet().stream().map(files::get).collect(java.util.stream.Collectors.joining(", "));
        }
    }

    public final class ServerInput extends Input {
        private final boolean remember;
        private final boolean forAppLogs;

        ServerInput(String file, int index, boolean remember, boolean forAppLogs) {
            super(file, index);
            this.remember = remember;
            this.forAppLogs = forAppLogs;
        }

        public Consumer<Execution> filter(Consumer<Execution> downstream) {
            return e -> {
                if (e.sql() == null && e.connection() == null) {
                    downstream.accept(e); // a session's end: it stands for no execution
                    return;
                }
                seen++;
                long second = e.timestamp() == null ? Long.MIN_VALUE : e.timestamp().getEpochSecond();
                long key = serverKey(e, second);
                int from = events.takeFromOther(key, index);
                // %t is the server's time(NULL) when it writes the prefix, not the event's time: a second later at most
                for (int d = -1; from < 0 && second != Long.MIN_VALUE && d <= 1; d += 2) {
                    from = events.takeFromOther(serverKey(e, second + d), index);
                }
                if (from >= 0) {
                    matched.merge(from, 1L, Long::sum);
                    return;
                }
                if (remember) {
                    full |= !events.add(key, index);
                }
                if (forAppLogs && e.sql() != null) {
                    String id = fingerprinter.fingerprint(e.sql()).id();
                    full |= !statements.add(statementKey(id, ParameterValues.of(e)), index);
                    full |= !shapes.add(hash(id), index);
                }
                downstream.accept(e);
            };
        }

        /** The report's line about this input, or null when it repeated nothing. */
        public Diagnostic note() {
            if (matched.isEmpty()) {
                return null;
            }
            return overlapLine(file, matchedTotal() + " of " + seen + " events in this file are the same server events as in "
                    + others() + " (matched by process id, time to the second, duration, statement text and values; connection"
                    + " lines by process id, time and kind) and were counted once" + capNote());
        }
    }

    public final class AppInput extends Input {
        /** What the first pass has matched so far, per set, so two statements never match one event. */
        private final Map<Long, Integer> triedStatements = new HashMap<>();
        private final Map<Long, Integer> triedShapes = new HashMap<>();
        private long probed;
        private long probedMatches;

        AppInput(String file, int index) {
            super(file, index);
        }

        /** First pass: how many of the file's statements the server logs hold, nothing taken. */
        public Consumer<Execution> probe() {
            return e -> {
                if (e.sql() == null) {
                    return;
                }
                probed++;
                String id = fingerprinter.fingerprint(e.sql()).id();
                List<String> values = ParameterValues.of(e);
                boolean found = values.isEmpty() ? tryTake(shapes, triedShapes, hash(id))
                        : tryTake(statements, triedStatements, statementKey(id, values))
                                || tryTake(statements, triedStatements, statementKey(id, List.of()))
                                || values.contains(null) && tryTake(shapes, triedShapes, hash(id));
                probedMatches += found ? 1 : 0;
            };
        }

        private boolean tryTake(CountedKeys set, Map<Long, Integer> tried, long key) {
            if (set.available(key, index) - tried.getOrDefault(key, 0) > 0) {
                tried.merge(key, 1, Integer::sum);
                return true;
            }
            return false;
        }

        /** Whether the first pass found this to be a log of the same run as the server logs read before it. */
        public boolean sameRun() {
            return probed > 0 && probedMatches >= SAME_RUN * probed;
        }

        public Consumer<Execution> filter(Consumer<Execution> downstream) {
            boolean same = sameRun();
            return e -> {
                if (e.sql() == null || !same) {
                    downstream.accept(e);
                    return;
                }
                seen++;
                String id = fingerprinter.fingerprint(e.sql()).id();
                List<String> values = ParameterValues.of(e);
                int from = statements.takeFromOther(statementKey(id, values), index);
                if (from < 0 && !values.isEmpty()) {
                    from = statements.takeFromOther(statementKey(id, List.of()), index); // the server logged it without values
                }
                // values the ORM's log left out (SQLAlchemy's "displaying 10 of 200", util.inspect's "... more items") are nulls
                if (from >= 0 || values.isEmpty() || values.contains(null)) {
                    int shape = shapes.takeFromOther(hash(id), index);
                    from = from >= 0 ? from : shape;
                }
                if (from >= 0) {
                    matched.merge(from, 1L, Long::sum);
                    return;
                }
                downstream.accept(e);
            };
        }

        public Diagnostic note() {
            if (matched.isEmpty()) {
                return null;
            }
            return overlapLine(file, "a log of the same run as " + others() + ": " + matchedTotal() + " of " + seen
                    + " statements in it matched the server's (by normalized statement and values, or the statement alone where"
                    + " one side logs no values) and were counted once, as the server logged them" + capNote());
        }
    }

    /** A note, unless the cap was reached: then duplicates past it may count twice, a problem to show as one. */
    private Diagnostic overlapLine(String file, String message) {
        return full ? new Diagnostic(file, 0, message) : Diagnostic.note(file, message);
    }

    private String capNote() {
        return full ? "; past " + MAX_KEYS + " remembered events the rest were not checked (-Dquerylens.maxOverlapEvents raises it)" : "";
    }

    /** A server event's identity across the formats of one server. */
    static long serverKey(Execution e) {
        return serverKey(e, e.timestamp() == null ? Long.MIN_VALUE : e.timestamp().getEpochSecond());
    }

    private static long serverKey(Execution e, long second) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, pid(e.session()));
        h = mix(h, second);
        if (e.sql() == null) {
            h = mix(mix(h, 'C'), e.connection().kind().ordinal());
            return e.connection().statement() == null ? h : text(h, e.connection().statement());
        }
        h = mix(h, Double.doubleToLongBits(e.durationMs()));
        h = text(h, e.sql());
        for (String p : e.params()) {
            h = text(mix(h, 0x1F), p == null ? "\u0000NULL" : p);
        }
        return h;
    }

    /**
     * The process id in a session key: a stderr log's pid (with a generation after '#' when the pid
     * was reused), or a csvlog/jsonlog session id, whose part after the dot is the pid in hex.
     */
    static long pid(String session) {
        if (session == null) {
            return -1;
        }
        String s = session;
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        try {
            int dot = s.indexOf('.');
            if (dot > 0 && s.matches("[0-9a-f]+\\.[0-9a-f]+")) {
                return Long.parseLong(s.substring(dot + 1), 16);
            }
            if (s.matches("\\d{1,18}")) {
                return Long.parseLong(s);
            }
        } catch (NumberFormatException e) {
            // fall through: a session key that is not a pid matches only itself
        }
        return text(7, s);
    }

    private static long statementKey(String fingerprintId, List<String> values) {
        long h = text(0x9E3779B97F4A7C15L, fingerprintId);
        for (String v : values) {
            h = text(mix(h, 0x1F), v == null ? "\u0000NULL" : v);
        }
        return h;
    }

    private static long hash(String s) {
        return text(0x51ED27L, s);
    }

    private static long text(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return mix(h, s.length());
    }

    private static long mix(long h, long v) {
        h ^= v + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
        return h * 0x100000001b3L;
    }

    /** Whether a kind is one server's log that another format of the same server may repeat. */
    /**
     * The order inputs are read in: the first record of an event is the one kept, so the server
     * formats that always carry application_name, the session id and milliseconds (csvlog,
     * jsonlog) go before a stderr log, whose prefix may lack %a and %m, and application logs last,
     * to be matched against the server's.
     */
    public static int readingRank(SourceKind kind) {
        if (kind == SourceKind.CSV_LOG || kind == SourceKind.JSON_LOG) {
            return 0;
        }
        return isServerLog(kind) ? 1 : 2;
    }

    public static boolean isServerLog(SourceKind kind) {
        return kind != null && kind.isServerLog();
    }
}
