package dev.querylens.rules;

import dev.querylens.workload.SessionEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Per session, the ORM its SQL showed (Hibernate's a1_0 aliases, a framework tag): a loop of
 * statements that show none (Hibernate's INSERTs) on the same connection came from it too.
 * Looked for in a session's first {@value #LOOKS} statements only, and forgotten when it ends.
 */
final class SessionOrms {
    private static final int LOOKS = 200;
    private final Map<String, OrmFixes.Recognised> bySession = new HashMap<>();
    private final OrmRecogniser recogniser = new OrmRecogniser(OrmFixes.table());

    /** Looks at one statement of a session that has run {@code statementsBefore} before it. */
    void look(SessionEvent e, long statementsBefore) {
        if (statementsBefore < LOOKS && !bySession.containsKey(e.session())) {
            recogniser.recognise(e.tags(), e.rawSql()).ifPresent(r -> bySession.put(e.session(), r));
        }
    }

    /** The ORM the first of these sessions that showed one showed, said to come from the connection; null if none did. */
    OrmFixes.Recognised sharedBy(Collection<String> sessions) {
        for (String s : sessions) {
            OrmFixes.Recognised r = bySession.get(s);
            if (r != null) {
                return onConnection(r);
            }
        }
        return null;
    }

    /** As {@link #sharedBy(Collection)} for one session, without a collection to walk (most runs have one). */
    OrmFixes.Recognised sharedBy(String session) {
        return onConnection(bySession.get(session));
    }

    private static OrmFixes.Recognised onConnection(OrmFixes.Recognised r) {
        return r == null ? null : new OrmFixes.Recognised(r.orm(), r.evidence() + " on the same connection");
    }

    void forget(String session) {
        bySession.remove(session);
    }

    void clear() {
        bySession.clear();
    }
}
