package dev.querylens.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records one at a time (RFC 4180: quoted fields, doubled quotes, newlines inside quotes),
 * as PostgreSQL's csvlog and COPY ... CSV write them. A file truncated inside a quoted field
 * yields what it has rather than failing.
 */
final class CsvRecords {
    private final BufferedReader reader;
    private long lines;
    private long unclosedQuoteLine;
    private long unclosedQuoteOffset = -1;
    private final ReadPosition position;

    CsvRecords(BufferedReader reader) {
        this.reader = reader;
        this.position = ReadPosition.of(reader);
    }

    /** Byte offset where the record with the unclosed quote starts, -1 when unknown. */
    long unclosedQuoteOffset() {
        return unclosedQuoteOffset;
    }

    /** Physical lines consumed so far. */
    long linesRead() {
        return lines;
    }

    /**
     * The line of the record whose quoted field the input ended inside, or 0. A stray quote (or a
     * file cut inside a multi-line statement) makes the rest of the file one field: that is lost
     * input, and the reader says where it began.
     */
    long unclosedQuoteLine() {
        return unclosedQuoteLine;
    }

    /** The next record, or null at the end of the input. */
    List<String> next() throws IOException {
        long recordOffset = position == null ? -1 : position.consumed();
        String raw = reader.readLine();
        if (raw == null) {
            return null;
        }
        lines++;
        long recordStart = lines;
        List<String> fields = new ArrayList<>(26);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i >= raw.length()) {
                if (quoted) {
                    String more = reader.readLine();
                    if (more == null) {
                        unclosedQuoteLine = recordStart; // truncated inside a quoted field: keep what there is
                        unclosedQuoteOffset = recordOffset;
                        break;
                    }
                    lines++;
                    field.append('\n');
                    raw = more;
                    i = 0;
                    continue;
                }
                break;
            }
            char c = raw.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < raw.length() && raw.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
            i++;
        }
        fields.add(field.toString());
        return fields;
    }
}
