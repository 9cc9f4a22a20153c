package dev.querylens.collect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * The compressions logs are rotated with, told by their magic bytes rather than the file name (a
 * .log.1 may be gzip). gzip is the JDK's; bzip2, xz and zstd are Apache commons-compress, with
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
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZCompressorInputStream(in, true);
            case ZSTD -> new ZstdCompressorInputStream(in);
        };
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
