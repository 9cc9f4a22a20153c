package dev.querylens.collect;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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

    /**
     * The first line start at or after {@code from} whose line begins a log entry, or -1. Read
     * forward once (a long stretch of continuation lines, a big plan, costs one pass over it).
     */
    private static long entryStart(FileChannel file, long from, long size, LogLinePrefix.LineMatcher matcher) throws IOException {
        InputStream in = new BufferedInputStream(stream(file, from - 1, size, null), 1 << 16);
        long position = from - 1; // of the next byte read: the byte before a line start must be a line feed
        int b;
        do {
            b = in.read();
            position++;
        } while (b >= 0 && b != '\n');
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (b >= 0 && position < size) {
            long start = position;
            line.reset();
            while ((b = in.read()) >= 0 && b != '\n') {
                position++;
                if (line.size() <= MAX_CUT_LINE) {
                    line.write(b);
                }
            }
            position++;
            byte[] bytes = line.toByteArray();
            // a continuation (tab, or spaces), a blank line or one too long to look at is no place to cut
            if (bytes.length > 0 && bytes.length <= MAX_CUT_LINE && bytes[0] != '\t' && bytes[0] != ' '
                    && bytes[0] != '\r' && matcher.match(decoded(bytes, start)) != null) {
                return start;
            }
        }
        return -1;
    }

    /** A line's bytes as a range's reader decodes them (up to a lone CR, which also ends a line). */
    private static String decoded(byte[] bytes, long start) throws IOException {
        try (InputText text = new InputText(new ByteArrayInputStream(bytes), start)) {
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
