package dev.querylens.schema;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The names PostgreSQL gives what the DDL leaves unnamed (makeObjectName, ChooseRelationName,
 * ChooseIndexColumnNames in its indexcmds.c): {@code orders_pkey}, {@code orders_email_key},
 * {@code orders_user_id_fkey}, {@code orders_lower_idx}, cut to fit 63 bytes and numbered when
 * taken. A later DROP CONSTRAINT or ALTER INDEX names them, so the reader must agree.
 */
final class ObjectNames {
    /** NAMEDATALEN - 1: the longest identifier PostgreSQL keeps; longer ones are truncated. */
    static final int MAX_BYTES = 63;

    private ObjectNames() {
    }

    /** An identifier cut to 63 bytes at a character boundary, as the server's scanner does. */
    static String truncate(String name) {
        if (name.length() <= MAX_BYTES / 4 || name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return name;
        }
        return clip(name, MAX_BYTES);
    }

    /**
     * name1_name2_label, shortening the longer of name1 and name2 one character at a time until it
     * fits; then, while {@code taken}, label1, label2, ... as ChooseRelationName does.
     */
    static String choose(String name1, String name2, String label, Predicate<String> taken) {
        String name = make(name1, name2, label);
        for (int pass = 1; taken.test(name); pass++) {
            name = make(name1, name2, label + pass);
        }
        return name;
    }

    /** The "_"-joined column part of an index or constraint name, stopping once it reaches 63 bytes. */
    static String addition(List<String> columns) {
        StringBuilder s = new StringBuilder();
        for (String c : columns) {
            if (s.length() > 0) {
                s.append('_');
            }
            s.append(c);
            if (s.toString().getBytes(StandardCharsets.UTF_8).length >= MAX_BYTES) {
                break;
            }
        }
        return s.toString();
    }

    /** Index column names made unique within one index, as ChooseIndexColumnNames does (expr, expr1, ...). */
    static List<String> uniqueColumnNames(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String candidate = n;
            for (int i = 1; out.contains(candidate); i++) {
                candidate = clip(n, MAX_BYTES - String.valueOf(i).length()) + i;
            }
            out.add(candidate);
        }
        return out;
    }

    private static String make(String name1, String name2, String label) {
        int overhead = (label == null ? 0 : label.length() + 1) + (name2 == null ? 0 : 1);
        int avail = MAX_BYTES - overhead;
        int n1 = bytes(name1);
        int n2 = name2 == null ? 0 : bytes(name2);
        while (n1 + n2 > avail) {
            if (n1 > n2) {
                n1--;
            } else {
                n2--;
            }
        }
        StringBuilder s = new StringBuilder(clip(name1, n1));
        if (name2 != null) {
            s.append('_').append(clip(name2, n2));
        }
        if (label != null) {
            s.append('_').append(label);
        }
        return s.toString();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of {@code s} within {@code maxBytes} UTF-8 bytes that ends at a character boundary. */
    private static String clip(String s, int maxBytes) {
        int used = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > maxBytes) {
                break;
            }
            used += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }
}
