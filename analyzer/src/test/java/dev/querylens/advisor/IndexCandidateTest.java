package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexCandidateTest {
    @Test
    void namesSayWhatTheIndexIsAndNeverCollide() {
        IndexCandidate open = new IndexCandidate("public.tickets", List.of("assignee"), "status = 'open'");
        IndexCandidate live = new IndexCandidate("public.tickets", List.of("assignee"), "deleted_at IS NULL");
        assertEquals("tickets_assignee_where_status_open_idx", open.name());
        assertNotEquals(open.name(), live.name(), "IF NOT EXISTS would skip the second of two same-named indexes");
        assertEquals("members_lower_email_idx", new IndexCandidate("public.members", List.of("lower(email)"), null).name());
        assertEquals("CREATE INDEX CONCURRENTLY IF NOT EXISTS events_account_id_incl_kind_amount_idx ON public.events (account_id)"
                + " INCLUDE (kind, amount);", new IndexCandidate("public.events", List.of("account_id"), null).covering(List.of("kind", "amount")).ddl());
    }

    @Test
    void longNamesFitPostgresAndStayDistinct() {
        String table = "public.customer_support_conversation_messages";
        IndexCandidate a = new IndexCandidate(table, List.of("organization_identifier", "conversation_identifier", "created_at"), null);
        IndexCandidate b = new IndexCandidate(table, List.of("organization_identifier", "conversation_identifier", "updated_at"), null);
        assertTrue(a.name().length() <= 63 && b.name().length() <= 63, a.name() + " / " + b.name());
        assertNotEquals(a.name(), b.name());
        assertEquals(a.name(), new IndexCandidate(table, a.columns(), null).name(), "stable across runs");
        assertTrue(a.name().startsWith("customer_support_conversation_messages_") && a.name().endsWith("_idx"), a.name());
    }
}
