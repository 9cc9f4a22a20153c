package dev.querylens.collect;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the values PostgreSQL logs for a bound statement:
 * {@code parameters: $1 = '42', $2 = NULL, $3 = 'it''s'}. Values stay text; NULL becomes null.
 */
final class ParameterList {
    /** The wire protocol numbers parameters with 16 bits: a larger $n is damage, not a value to make room for. */
    static final int MAX_INDEX = 65535;

    private ParameterList() {
    }

    static List<String> parse(String detail) {
        return parse(detail, () -> { });
    }

    /** @param outOfRange told once per list when a $n above {@link #MAX_INDEX} (or $0) was skipped */
    static List<String> parse(String detail, Runnable outOfRange) {
        List<String> values = new ArrayList<>();
        boolean reported = false;
        int n = detail.length();
        int i = detail.indexOf('$');
        while (i >= 0 && i < n) {
            int j = i + 1;
            int index = 0;
            while (j < n && Character.isDigit(detail.charAt(j))) {
                index = index > MAX_INDEX ? index : index * 10 + (detail.charAt(j) - '0');
                j++;
            }
            j = skip(detail, j, " = ");
            String value;
            if (j < n && detail.charAt(j) == '\'') {
                int end = SqlSyntax.endOfQuoted(detail, j, false);
                value = detail.substring(j + 1, Math.max(j + 1, end - 1)).replace("''", "'");
                j = end;
            } else {
                int end = detail.indexOf(", $", j);
                end = end < 0 ? n : end;
                String raw = detail.substring(j, end).strip();
                value = raw.equals("NULL") ? null : raw;
                j = end;
            }
            if (index < 1 || index > MAX_INDEX) {
                if (!reported) {
                    reported = true;
                    outOfRange.run();
                }
            } else {
                while (values.size() < index - 1) {
                    values.add(null);
                }
                values.add(value);
            }
            i = detail.indexOf('$', j);
        }
        return values;
    }

    private static int skip(String s, int i, String expected) {
        return s.startsWith(expected, i) ? i + expected.length() : i;
    }
}
