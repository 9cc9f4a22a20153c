package dev.querylens.junit;

import dev.querylens.capture.UncapturedStatements;
import dev.querylens.collect.JdbcPlaceholders;
import dev.querylens.sql.Fingerprinter;
import java.util.Map;

/** Says which statements escaped the capture and what to wrap so they do not. */
final class UncapturedMessage {
    private UncapturedMessage() {
    }

    static String of(UncapturedStatements.Watch watch, String field) {
        Fingerprinter fingerprinter = new Fingerprinter();
        StringBuilder b = new StringBuilder("[uncaptured] ")
                .append(Expectations.plural(watch.count(), "statement"))
                .append(" ran on PostgreSQL connections that did not come from the @QueryLensDataSource field ")
                .append(field).append(", so QueryLens could not judge them:\n");
        for (Map.Entry<String, Integer> e : watch.inOrder()) {
            b.append("  ").append(fingerprinter.normalize(JdbcPlaceholders.toPositional(e.getKey())))
                    .append(" (").append(e.getValue()).append(e.getValue() == 1 ? " time)" : " times)").append('\n');
        }
        b.append("  fix: build the code under test from ").append(field)
                .append(" after the extension wrapped it, in @BeforeEach or in the test (a field initializer or constructor runs")
                .append(" before, and keeps the raw DataSource), or capture the other DataSource too with QueryLens.capture(dataSource, sink)");
        return b.toString();
    }
}
