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
    /**
     * A decompressor that meets corrupt data throws away what it decoded in that same call (the
     * JDK's Inflater does), so compressed input is pulled this many bytes at a time: at most this
     * much before the damage is lost.
     */
    static final int COMPRESSED_CHUNK = 512;

    private final int chunk;
    private long delivered;
    private Exception damage;

    /** @param chunk the most to ask of the stream below in one call */
    SalvagingStream(InputStream in, int chunk) {
        super(in);
        this.chunk = chunk;
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
        int total = 0;
        try {
            while (total < len) {
                int n = in.read(b, off + total, Math.min(chunk, len - total));
                if (n < 0) {
                    break;
                }
                total += n;
                delivered += n;
                if (n == 0 || chunk >= len) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            damage = e; // what this call already got is handed out; the next call ends the input
        } catch (LinkageError e) {
            damage = new IOException("the decompressor's native library is not available on this platform");
        }
        return total == 0 && len > 0 ? -1 : total;
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
