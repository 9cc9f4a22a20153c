package dev.querylens.collect;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Ends the input cleanly where it is damaged (a truncated or corrupt .gz, .bz2, .xz or .zst, a
 * disk read error) instead of failing the whole read: the source sees an end of input and keeps
 * everything before it, and the caller reports where it broke. Decompressors throw runtime
 * exceptions as well as IOExceptions on corrupt data; both stop here.
 */
final class SalvagingStream extends FilterInputStream {
    private long delivered;
    private Exception damage;

    SalvagingStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (damage != null) {
            return -1;
        }
        try {
            int n = in.read(b, off, len);
            if (n > 0) {
                delivered += n;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            damage = e;
            return -1;
        }
    }

    @Override
    public long skip(long n) {
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(0, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    /** What broke the input, or null when it ended normally. */
    Exception damage() {
        return damage;
    }

    /** Bytes handed out before the damage (decompressed bytes for a compressed file). */
    long delivered() {
        return delivered;
    }
}
