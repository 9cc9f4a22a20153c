package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Server messages as pgjdbc words them (primary message, then "  Detail:", "  Where:" lines): every value masked, one line. */
class ServerMessagesTest {
    @Test
    void aValueIsMaskedWhateverItHolds() {
        assertEquals("ERROR: invalid input syntax for type integer: \"...\"",
                ServerMessages.normalized("ERROR: invalid input syntax for type integer: \"hunter2\n-topsecret\""));
        assertEquals("ERROR: invalid input syntax for type integer: \"...\"",
                ServerMessages.normalized("ERROR: invalid input syntax for type integer: \"carol\n\"@example.org\"\n  Position: 8"));
        assertEquals("ERROR: malformed array literal: \"...\"",
                ServerMessages.normalized("ERROR: malformed array literal: \"a,\"b\"\n  Detail: Unexpected array element."));
        assertEquals("ERROR: value \"...\" is out of range for type integer",
                ServerMessages.normalized("ERROR: value \"4111111111111111\" is out of range for type integer"));
        assertEquals("ERROR: invalid input syntax for type json",
                ServerMessages.normalized("ERROR: invalid input syntax for type json\n  Detail: Token \"s3cret\" is invalid.\n"
                        + "  Where: JSON data, line 1: {\"password\": s3cret"));
        assertEquals("ERROR: duplicate key value violates unique constraint \"users_email_key\"",
                ServerMessages.normalized("ERROR: duplicate key value violates unique constraint \"users_email_key\"\n"
                        + "  Detail: Key (email)=(carol@example.org) already exists."));
        assertEquals("ERROR: operator does not exist: text = $n", ServerMessages.normalized("ERROR: operator does not exist: text = 'it''s\nsecret'"));
        assertEquals("ERROR: invalid input syntax for type integer: \"...\"",
                ServerMessages.normalized("ERROR: invalid input syntax for type integer: \"it's a secret"));
    }

    @Test
    void namesOfObjectsStaySoTheMessageStillSaysWhatFailed() {
        assertEquals("ERROR: column \"emial\" does not exist", ServerMessages.normalized("ERROR: column \"emial\" does not exist\n  Position: 8"));
        assertEquals("ERROR: relation \"public.users\" does not exist", ServerMessages.normalized("ERROR: relation \"public.users\" does not exist"));
    }
}
