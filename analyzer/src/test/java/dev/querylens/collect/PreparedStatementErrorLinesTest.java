package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which ERROR messages are the prepared-statement errors a pooler causes, and which names are kept. */
class PreparedStatementErrorLinesTest {
    @Test
    void bothErrorsWithTheNamesDriversWrite() {
        ConnectionEvent missing = ConnectionEvent.ofError("prepared statement \"S_12\" does not exist");
        assertEquals(ConnectionEvent.Kind.PREPARED_STATEMENT_MISSING, missing.kind());
        assertEquals("S_12", missing.statement());
        assertEquals("26000", missing.kind().sqlState());
        ConnectionEvent exists = ConnectionEvent.ofError("prepared statement \"__asyncpg_stmt_1f__\" already exists");
        assertEquals(ConnectionEvent.Kind.PREPARED_STATEMENT_EXISTS, exists.kind());
        assertEquals("__asyncpg_stmt_1f__", exists.statement());
        assertEquals("42P05", exists.kind().sqlState());
        assertEquals("fetch user", ConnectionEvent.ofError("prepared statement \"fetch user\" does not exist").statement());
    }

    @Test
    void otherErrorsAndNamesNoDriverWritesAreNotCounted() {
        assertNull(ConnectionEvent.ofError("portal \"C_1\" does not exist"));
        assertNull(ConnectionEvent.ofError("relation \"orders\" does not exist"));
        assertNull(ConnectionEvent.ofError("prepared statement \"\" does not exist"));
        assertNull(ConnectionEvent.ofError("prepared statement \"a\u001b[2Jb\" does not exist"), "a terminal escape is no name to show");
        assertNull(ConnectionEvent.ofError("prepared statement \"" + "x".repeat(64) + "\" does not exist"), "longer than NAMEDATALEN - 1");
        assertNull(ConnectionEvent.ofError("prepared statement \"S_1\" does not exist at character 9"));
    }
}
