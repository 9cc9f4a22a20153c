package dev.querylens.rules;

import dev.querylens.database.LiveHealth;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the session rules show one session: who, how long, and its statement normalized (never its literals). */
final class SessionEvidence {
    private SessionEvidence() {
    }

    static Map<String, Object> of(LiveHealth.Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", s.pid());
        m.put("user", s.user());
        if (s.application() != null && !s.application().isEmpty()) {
            m.put("application", s.application());
        }
        if (!s.visible()) {
            m.put("state", "not visible to this role (pg_read_all_stats)");
            return m;
        }
        m.put("state", s.state());
        if (s.transactionSeconds() >= 0) {
            m.put("transactionSeconds", PoolerAdvice.rounded(s.transactionSeconds(), 1));
        }
        m.put("stateSeconds", PoolerAdvice.rounded(s.stateSeconds(), 1));
        if (s.query() != null) {
            m.put(s.state().equals("active") ? "query" : "lastQuery", s.query());
        }
        return m;
    }

    /** "pid 123 (app as alice)", for messages. */
    static String who(LiveHealth.Session s) {
        String app = s.application() == null || s.application().isEmpty() ? "" : s.application() + " as ";
        return "pid " + s.pid() + " (" + app + s.user() + ")";
    }
}
