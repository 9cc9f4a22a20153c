package dev.querylens.collect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Byte ranges of one stderr log that can be read on their own, as pgBadger's -J cuts a log: each
 * range after the first starts at a line that begins a log entry (the log's first prefix matches
 * it, it is no continuation), never inside an entry's continuation lines. A cut is looked for at
 * the first such line at or after each even share of the file; a share that the range before
 * reaches past gets no cut of its own, so a log with fewer entries than ranges asked for, or with a
 * long stretch no cut can fall in, gets fewer.
 */
final class LogRanges {
    /** A line longer than this is not looked at as a place to cut (the next one is). */
    private static final int MAX_CUT_LINE = 64 * 1024;

    private LogRanges() {
    }

    /** The start of each range, the first 0; a range ends where the next starts, the last at {@code size}. */
    static long[] cut(FileChannel file, long size, int ranges, LogLinePrefix prefix) throws IOException {
        LogLinePrefix.LineMatcher matcher = prefix.matcher();
        List<Long> starts = new ArrayList<>(List.of(0L));
        for (int i = 1; i < ranges; i++) {
            long last = starts.get(starts.size() - 1);
            long target = size / ranges * i + Math.min(i, size % ranges);
            if (target <= last) {
                continue; // the entry found for an earlier share reaches past this one: no sliver of a range
            }
            long at = entryStart(file, target, size, matcher);
            if (at < 0) {
                break;
            }
            starts.add(at);
        }
        return starts.stream().mapToLong(Long::longValue).toArray();
    }

    /** The first line start at or after {@code from} whose line begins a log entry, or -1. */
    private static long entryStart(FileChannel file, long from, long size, LogLinePrefix.LineMatcher matcher) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(MAX_CUT_LINE);
        long p = from;
        while (p < size) {
            long start = lineStartAtOrAfter(file, p, size, window);
            if (start < 0 || start >= size) {
                return -1;
            }
            String line = lineAt(file, start, size, window);
            if (line != null && !line.isEmpty() && line.charAt(0) != '\t' && line.charAt(0) != ' ' && matcher.match(line) != null) {
                return start;
            }
            p = start + 1;
        }
        return -1;
    }

    /** The first position at or after {@code p} that follows a line feed (p itself when the byte before it is one), or -1. */
    private static long lineStartAtOrAfter(FileChannel file, long p, long size, ByteBuffer window) throws IOException {
        long at = p - 1; // the byte that must be a line feed
        while (at < size) {
            window.clear();
            int n = file.read(window, at);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                if (window.get(i) == '\n') {
                    return at + i + 1;
                }
            }
            at += n;
        }
        return -1;
    }

    /** The line starting at {@code start}, decoded as a range's reader decodes it; null when longer than a window. */
    private static String lineAt(FileChannel file, long start, long size, ByteBuffer window) throws IOException {
        window.clear();
        int n = 0;
        while (window.hasRemaining()) {
            int r = file.read(window, start + n);
            if (r <= 0) {
                break;
            }
            n += r;
        }
        int end = 0;
        while (end < n && window.get(end) != '\n' && window.get(end) != '\r') {
            end++;
        }
        if (end == n && start + n < size) {
            return null;
        }
        try (InputText text = new InputText(new ByteArrayInputStream(window.array(), 0, end), start)) {
            String line = text.readLine();
            return line == null ? "" : line;
        }
    }

    /** The bytes of one range, read with positioned reads (so threads can share the channel), counted as read. */
    static InputStream stream(FileChannel file, long start, long end, AtomicLong bytesRead) {
        return new InputStream() {
            private long position = start;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= end) {
                    return -1;
                }
                int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
                if (n > 0) {
                    position += n;
                    if (bytesRead != null) {
                        bytesRead.addAndGet(n);
                    }
                }
                return n;
            }
        };
    }
}
