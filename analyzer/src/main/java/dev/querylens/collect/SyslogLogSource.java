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
 * was. Without the numbers, only the tab tells a continuation. The session is the pid.
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

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        LogInterpreter interpreter = new LogInterpreter(kind, executions, diagnostics);
        LogLinePrefix.LineMatcher matcher = prefix.matcher();
        LogLinePrefix.LogLine line = null;
        String pid = null;
        String time = null;
        String ident = null;
        long startLine = 0;
        long startOffset = -1;
        StringBuilder message = new StringBuilder();
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
            boolean continues = line != null && u.pid().equals(pid);
            if (tabbed != null && continues) {
                message.append('\n').append(tabbed);
                continue;
            }
            LogLinePrefix.LogLine next = matcher.match(text);
            if (next != null) {
                if (line != null) {
                    interpreter.accept(entry(line, pid, time, startLine, startOffset, message));
                }
                line = next;
                pid = u.pid();
                time = next.time() != null ? next.time() : u.time();
                startLine = lineNumber;
                startOffset = offsetOfLine();
                message.setLength(0);
                message.append(next.message());
            } else if (continues && u.chunk() > 1) {
                // split inside a long line, or a continuation the shipper re-indented with spaces
                message.append(Character.isWhitespace(text.isEmpty() ? 'x' : text.charAt(0)) ? "\n" : "").append(text);
            } else {
                diagnostics.accept(Diagnostic.lost(file, lineNumber, offsetOfLine(), "not a log line for log_line_prefix '"
                        + prefix.setting() + "' inside the " + kind.label() + " line (" + LineShape.of(text) + "), skipped"));
            }
        }
        if (line != null) {
            interpreter.accept(entry(line, pid, time, startLine, startOffset, message));
        }
        interpreter.finish();
    }

    private LogEntry entry(LogLinePrefix.LogLine line, String pid, String time, long lineNumber, long offset, StringBuilder message) {
        boolean byPid = line.session() == null;
        return new LogEntry(new SourceLocation(file, lineNumber), byPid ? pid : line.session(), byPid,
                time, line.level(), message.toString(), null, offset);
    }

    private long offsetOfLine() {
        return reader instanceof ReadPosition p ? p.offset() : -1;
    }
}
