package dev.querylens.collect;

/**
 * One server log message, whatever the log format: stderr (a prefixed line and its continuation
 * lines), csvlog (a record) or jsonlog (an object). {@code detail} is the DETAIL text when the
 * format keeps it in the same record (csvlog, jsonlog); stderr logs DETAIL as its own entry.
 *
 * @param session   the session key: %c / session_id when the log has it, else the pid
 * @param byPidOnly whether the session key is only a pid (so a reused pid must be told apart)
 * @param application the session's application_name where the format carries it (csvlog, jsonlog, %a), else null
 */
public record LogEntry(SourceLocation location, String session, boolean byPidOnly, String time, String level,
                       String message, String detail, long offset, String application) {
    public LogEntry(SourceLocation location, String session, boolean byPidOnly, String time, String level,
                    String message, String detail, long offset) {
        this(location, session, byPidOnly, time, level, message, detail, offset, null);
    }

    /** @param offset byte offset where the message starts in its file, -1 when unknown */
    public LogEntry(SourceLocation location, String session, boolean byPidOnly, String time, String level,
                    String message, String detail) {
        this(location, session, byPidOnly, time, level, message, detail, -1);
    }
}
