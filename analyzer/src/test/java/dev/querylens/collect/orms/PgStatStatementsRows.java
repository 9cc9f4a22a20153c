package dev.querylens.collect.orms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a run's pg_stat_statements export (psql's \copy ... CSV HEADER), read without
 * QueryLens, so the ground truth can be checked against PostgreSQL's own counts alone.
 */
record PgStatStatementsRows(List<Row> rows) {
    record Row(String query, long calls) {
    }

    static PgStatStatementsRows read(Path csv) throws IOException {
        List<List<String>> records = parse(Files.readString(csv, StandardCharsets.UTF_8));
        List<String> header = records.get(0);
        int query = header.indexOf("query");
        int calls = header.indexOf("calls");
        List<Row> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() > Math.max(query, calls)) {
                rows.add(new Row(r.get(query), Long.parseLong(r.get(calls))));
            }
        }
        return new PgStatStatementsRows(List.copyOf(rows));
    }

    /** RFC 4180 as PostgreSQL writes it: quoted fields may hold commas, newlines and doubled quotes. */
    private static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
