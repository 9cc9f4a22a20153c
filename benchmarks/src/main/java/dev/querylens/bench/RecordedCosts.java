package dev.querylens.bench;

import dev.querylens.advisor.IndexCandidate;
import dev.querylens.advisor.WhatIfPlanner;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What-if costs and sizes remembered in a file across benchmark runs on one server and one
 * statistics snapshot ({@code -Dcost.cache=FILE}), for comparing advisor variants without paying
 * for the same TPC-DS plans again. Valid only while the server's statistics stay as they were: a
 * new ANALYZE (a new server) needs a new file. Calls are still counted per run by
 * {@link RunScopedPlanner}; the seconds of a run on recorded costs are not a run's seconds, so
 * published figures are measured without it.
 */
final class RecordedCosts implements WhatIfPlanner, AutoCloseable {
    private final WhatIfPlanner planner;
    private final Map<String, Double> costs = new HashMap<>();
    private final Map<String, Long> sizes = new HashMap<>();
    private final BufferedWriter out;

    /** Records into {@code file}; reads it and the {@code alsoRead} files (another run's records, possibly still being written) first. */
    RecordedCosts(WhatIfPlanner planner, Path file, List<Path> alsoRead) throws IOException {
        this.planner = planner;
        for (Path known : java.util.stream.Stream.concat(alsoRead.stream(), java.util.stream.Stream.of(file)).toList()) {
            if (!Files.exists(known)) {
                continue;
            }
            // a line another run is writing may be cut short: its key then matches nothing, or it has too few fields
            for (String line : Files.readAllLines(known, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", 3);
                if (f.length == 3 && f[0].equals("c")) {
                    costs.put(unescape(f[2]), Double.parseDouble(f[1]));
                } else if (f.length == 3 && f[0].equals("s")) {
                    sizes.put(unescape(f[2]), Long.parseLong(f[1]));
                }
            }
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The requests not recorded yet, to the planner (which caches what it plans ahead until they are asked for). */
    @Override
    public void prefetch(List<Request> requests) {
        planner.prefetch(requests.stream()
                .filter(r -> !costs.containsKey(r.sql() + "\n" + r.indexes().stream().map(IndexCandidate::ddl).sorted().toList())).toList());
    }

    @Override
    public double cost(String sql, List<IndexCandidate> indexes) {
        String key = sql + "\n" + indexes.stream().map(IndexCandidate::ddl).sorted().toList();
        Double known = costs.get(key);
        if (known != null) {
            return known;
        }
        double c = planner.cost(sql, indexes);
        costs.put(key, c);
        if (!Double.isNaN(c)) {
            write("c\t" + c + "\t" + escape(key));
        }
        return c;
    }

    @Override
    public long size(IndexCandidate index) {
        Long known = sizes.get(index.ddl());
        if (known != null) {
            return known;
        }
        long s = planner.size(index);
        sizes.put(index.ddl(), s);
        write("s\t" + s + "\t" + escape(index.ddl()));
        return s;
    }

    @Override
    public int calls() {
        return planner.calls();
    }

    @Override
    public String lastError() {
        return planner.lastError();
    }

    @Override
    public String verbosePlan(String sql) {
        return planner.verbosePlan(sql);
    }

    @Override
    public String lostConnection() {
        return planner.lostConnection();
    }

    private void write(String line) {
        try {
            out.write(line);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
