package dev.querylens.collect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * The compressions logs are rotated with, told by their magic bytes rather than the file name (a
 * .log.1 may be gzip). All four are Apache commons-compress (gzip on the JDK's Inflater), with
 * org.tukaani:xz and zstd-jni (native code, bundled for the common platforms) behind the last two.
 * Concatenated members (what {@code cat a.gz b.gz} or pigz/pbzip2 write) are read through.
 */
enum Compression {
    GZIP("gzip", new int[] {0x1f, 0x8b}),
    BZIP2("bzip2", new int[] {'B', 'Z', 'h'}),
    XZ("xz", new int[] {0xFD, '7', 'z', 'X', 'Z', 0x00}),
    ZSTD("zstd", new int[] {0x28, 0xB5, 0x2F, 0xFD});

    private final String label;
    private final int[] magic;

    Compression(String label, int[] magic) {
        this.label = label;
        this.magic = magic;
    }

    String label() {
        return label;
    }

    /** The compression the stream starts with, or null; the stream is left where it was. */
    static Compression sniff(BufferedInputStream in) throws IOException {
        in.mark(8);
        byte[] head = in.readNBytes(6);
        in.reset();
        for (Compression c : values()) {
            if (head.length >= c.magic.length && matches(head, c.magic)) {
                return c;
            }
        }
        return null;
    }

    InputStream open(InputStream in) throws IOException {
        return switch (this) {
            case GZIP -> new GzipMembers(in);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZCompressorInputStream(in, true);
            case ZSTD -> new ZstdCompressorInputStream(in);
        };
    }

    /**
     * The members of a gzip file, one after another, and then its end, or an IOException for bytes
     * after the last member that are not another member. The JDK's GZIPInputStream ends silently
     * there, which would drop the rest of a damaged (or doctored) file without a word. Each member
     * is read by commons-compress alone, which leaves the stream (it supports mark) just after the
     * member, so every byte of the members is handed out before the trailing bytes are judged.
     */
    private static final class GzipMembers extends InputStream {
        private final BufferedInputStream in;
        private GzipCompressorInputStream member;
        private long memberEnd;

        GzipMembers(InputStream in) throws IOException {
            this.in = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16);
            this.member = new GzipCompressorInputStream(this.in, false);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (member != null) {
                int n = member.read(b, off, len);
                if (n != -1) {
                    return n;
                }
                memberEnd += member.getCompressedCount();
                member = null;
                in.mark(2);
                int m0 = in.read();
                int m1 = in.read();
                in.reset();
                if (m0 == -1) {
                    return -1;
                }
                if (m0 != 0x1f || m1 != 0x8b) {
                    throw new IOException("bytes after the end of the gzip data at byte " + memberEnd
                            + " of the compressed file are not gzip data (trailing garbage)");
                }
                member = new GzipCompressorInputStream(in, false);
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The name a compressed file had before it was compressed, so its extension still says what it is. */
    static String withoutSuffix(String name) {
        return name.replaceFirst("\\.(gz|bz2|xz|zst)$", "");
    }

    private static boolean matches(byte[] head, int[] magic) {
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
