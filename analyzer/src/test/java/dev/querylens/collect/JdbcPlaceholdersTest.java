package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JdbcPlaceholdersTest {
    @Test
    void placeholdersBecomePositionalOutsideStringsAndComments() {
        assertEquals("select * from t where a = $1 and b = '?' and c = $2 -- ?\n and \"q?\" = $3",
                JdbcPlaceholders.toPositional("select * from t where a = ? and b = '?' and c = ? -- ?\n and \"q?\" = ?"));
        assertEquals("select data ? 'k' from t where id = $1", JdbcPlaceholders.toPositional("select data ?? 'k' from t where id = ?"));
        assertEquals("select 1", JdbcPlaceholders.toPositional("select 1"));
    }
}
