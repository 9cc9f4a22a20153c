package dev.querylens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceHistoryTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static SequenceHistory.Reading at(String ago, long value) {
        return new SequenceHistory.Reading(NOW.minus(Duration.parse(ago)), "public", "orders_id_seq", value);
    }

    @Test
    void theNewestReadingOldEnoughGivesTheRate() {
        SequenceHistory h = new SequenceHistory(NOW, List.of(at("PT240H", 0), at("PT48H", 1000), at("PT10M", 1990),
                new SequenceHistory.Reading(NOW.minus(Duration.ofHours(24)), "other", "orders_id_seq", 5)));
        SequenceHistory.Rate r = h.rate("public", "orders_id_seq", 2000, Duration.ofHours(1)).orElseThrow();
        // 10 minutes ago is too recent; two days ago is the newest old enough; another schema's sequence is another sequence
        assertEquals(NOW.minus(Duration.ofHours(48)), r.since());
        assertEquals(500.0, r.perDay(), 1e-9);
    }

    @Test
    void noRateWithoutAnOldEnoughReadingOrWhenTheSequenceWentBack() {
        assertTrue(new SequenceHistory(NOW, List.of(at("PT10M", 10))).rate("public", "orders_id_seq", 20, Duration.ofHours(1)).isEmpty());
        // restarted (ALTER SEQUENCE ... RESTART, or a restored dump): its old values say nothing about its rate now
        assertTrue(new SequenceHistory(NOW, List.of(at("PT48H", 5000))).rate("public", "orders_id_seq", 20, Duration.ofHours(1)).isEmpty());
        assertTrue(SequenceHistory.NONE.rate("public", "orders_id_seq", 20, Duration.ZERO).isEmpty());
        assertEquals(0.0, new SequenceHistory(NOW, List.of(at("PT48H", 20))).rate("public", "orders_id_seq", 20, Duration.ofHours(1))
                .orElseThrow().perDay());
    }
}
