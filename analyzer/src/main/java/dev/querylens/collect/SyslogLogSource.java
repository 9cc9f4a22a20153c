package dev.querylens.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads a server log that went through syslog or Heroku's logplex. Each line is unwrapped
 * ({@link LogEnvelope}); what the server wrote inside starts with its own log_line_prefix. The
 * server splits a message into chunks numbered [n-1], [n-2] ... (at newlines, and inside lines
 * longer than syslog takes): a chunk that starts with a tab (syslog writes it as #011) continues
 * the message on a new line, one that does not start with the prefix continues it where the split
 * was. Without the numbers, only the tab tells a continuation. A chunk is joined to the open
 * message of its own pid, even when another backend's line came in between. The session is the pid.
 */
public final class SyslogLogSource implements ExecutionSource {
    private final String file;
    private final BufferedReader reader;
    private final LogEnvelope envelope;
    private final LogLinePrefix prefix;
    private final SourceKind kind;

    public SyslogLogSource(String file, BufferedReader reader, SourceKind kind, LogLinePrefix prefix) {
        this.file = file;
        this.reader = reader;
        this.kind = kind;
        this.envelope = kind == SourceKind.LOGPLEX ? LogEnvelope.LOGPLEX : LogEnvelope.SYSLOG;
        this.prefix = prefix;
    }

    /**
     * How many lines after its latest chunk a message waits for more. Another backend's line can
     * come between two chunks of one message (each chunk is its own syslog call), so messages are
     * kept open per pid; they go to the interpreter in the order they started, once this many
     * lines have passed without a chunk of theirs.
     */
    static final int CHUNK_WINDOW = 100;
    /** Open messages beyond this many are passed on, oldest first, whatever the window says. */
    private static final int MAX_OPEN = 1024;

    /** A message being assembled from its chunks. */
    private static final class Open {
        LogLinePrefix.LogLine line;
        String pid;
        String time;
        long startLine;
        long startOffset;
        long lastLine;
        final StringBuilder message = new StringBuilder();
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        LogInterpreter interpreter = new LogInterpreter(kind, executions, diagnostics);
        LogLinePrefix.LineMatcher matcher = prefix.matcher();
        // by pid, in the order the messages started
        java.util.LinkedHashMap<String, Open> open = new java.util.LinkedHashMap<>();
        String ident = null;
        String raw;
        long lineNumber = 0;
        while ((raw = reader.readLine()) != null) {
            lineNumber++;
            if (raw.isBlank()) {
                continue;
            }
            LogEnvelope.Line u = envelope.unwrap(raw);
            if (u == null) {
                diagnostics.accept(Diagnostic.lost(file, lineNumber, offsetOfLine(), "not a " + kind.label() + " line ("
                        + LineShape.of(raw) + "), skipped"));
                continue;
            }
            if (ident == null) {
                ident = u.ident();
            } else if (!ident.equals(u.ident())) {
                continue; // another program's line in the same syslog file: not the server's
            }
            String text = u.text();
            String tabbed = text.startsWith("#011") ? text.substring(4) : text.startsWith("\t") ? text.substring(1) : null;
            Open mine = open.get(u.pid());
            if (tabbed != null && mine != null) {
                mine.message.append('\n').append(tabbed);
                mine.lastLine = lineNumber;
            } else {
                LogLinePrefix.LogLine next = matcher.match(text);
                if (next != null) {
                    if (mine != null) {
                        interpreter.accept(entry(open.remove(u.pid())));
                    }
                    Open o = new Open();
                    o.line = next;
                    o.pid = u.pid();
                    o.time = next.time() != null ? next.time() : u.time();
                    o.startLine = o.lastLine = lineNumber;
                    o.startOffset = offsetOfLine();
                    o.message.append(next.message());
                    open.put(u.pid(), o);
                } else if (mine != null && u.chunk() > 1) {
                    // split inside a long line, or a continuation the shipper re-indented with spaces
                    mine.message.append(Character.isWhitespace(text.isEmpty() ? 'x' : text.charAt(0)) ? "\n" : "").append(text);
                    mine.lastLine = lineNumber;
                } else {
                    diagnostics.accept(Diagnostic.lost(file, lineNumber, offsetOfLine(), "not a log line for log_line_prefix '"
                            + prefix.setting() + "' inside the " + kind.label() + " line (" + LineShape.of(text) + "), skipped"));
                }
            }
            for (var it = open.values().iterator(); it.hasNext(); ) {
                Open oldest = it.next();
                if (lineNumber - oldest.lastLine <= CHUNK_WINDOW && open.size() <= MAX_OPEN) {
                    break; // it may still get chunks; the ones after it wait so messages keep their order
                }
                it.remove();
                interpreter.accept(entry(oldest));
            }
        }
        for (Open o : open.values()) {
            interpreter.accept(entry(o));
        }
        interpreter.finish();
    }

    private LogEntry entry(Open o) {
        boolean byPid = o.line.session() == null;
        return new LogEntry(new SourceLocation(file, o.startLine), byPid ? o.pid : o.line.session(), byPid,
                o.time, o.line.level(), o.message.toString(), null, o.startOffset);
    }

    private long offsetOfLine() {
        return reader instanceof ReadPosition p ? p.offset() : -1;
    }
}
