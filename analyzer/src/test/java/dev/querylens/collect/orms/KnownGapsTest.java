package dev.querylens.collect.orms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ratchet of KNOWN-GAPS.yaml: listed mismatches pass, unlisted ones and gaps gone stale fail. */
class KnownGapsTest {
    private final KnownGaps gaps = new KnownGaps(List.of(new KnownGaps.Gap(List.of("t-line/stderr"),
            List.of("fan-out", "runs [8]"), "why", "item")));

    @Test
    void aListedMismatchOnAListedInputIsExpected() {
        assertThat(gaps.unexpected(List.of(new KnownGaps.Mismatch("t-line/stderr", "n-plus-one 'fan-out': executions 8; runs [8]"))))
                .isEmpty();
    }

    @Test
    void theSameMismatchOnAnotherInputIsNew() {
        assertThat(gaps.unexpected(List.of(new KnownGaps.Mismatch("t-line/stderr", "n-plus-one 'fan-out': runs [8]"),
                new KnownGaps.Mismatch("t-line/csvlog", "n-plus-one 'fan-out': runs [8]"))))
                .containsExactly("[t-line/csvlog] n-plus-one 'fan-out': runs [8]");
    }

    @Test
    void aGapThatNoLongerOccursFails() {
        assertThat(gaps.unexpected(List.of(new KnownGaps.Mismatch("t-line/stderr", "n-plus-one 'fan-out': runs [12]"))))
                .singleElement().asString().contains("'runs [8]' on t-line/stderr but it no longer occurs");
    }
}
