package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** advise --budget: decimal units as the index selection studies count budgets, binary ones as written with an i. */
class BudgetSizeTest {
    @Test
    void decimalAndBinaryUnitsAreBothAccepted() throws Exception {
        assertEquals(500_000_000L, AdviseCommand.parseSize("500MB"));
        assertEquals(500L << 20, AdviseCommand.parseSize("500MiB"));
        assertEquals(2_000_000_000L, AdviseCommand.parseSize("2GB"));
        assertEquals(2L << 30, AdviseCommand.parseSize("2 GiB"));
        assertEquals(1_500_000L, AdviseCommand.parseSize("1.5mb"));
        assertEquals(250_000L, AdviseCommand.parseSize("250kB"));
        assertEquals(4096L, AdviseCommand.parseSize("4KiB"));
        assertEquals(12345L, AdviseCommand.parseSize("12345"));
    }

    @Test
    void anythingElseIsOneClearLine() {
        for (String bad : new String[] {"", "MB", "5 MBs", "-5MB", "1e3MB", "5PB", "5 iB"}) {
            InputOptions.InputError e = assertThrows(InputOptions.InputError.class, () -> AdviseCommand.parseSize(bad), bad);
            assertTrue(e.getMessage().contains("500MiB"), e.getMessage());
        }
    }
}
