package dev.querylens.collect;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How far a compressed input may expand before QueryLens stops reading it: a 42 MB gzip can
 * expand to 10 GB (and a crafted one to far more), which would otherwise run for as long as it
 * takes and end with no report. Past either limit the file is read no further, and what was
 * read is analyzed and reported, with a diagnostic that says input was lost (exit code 3).
 *
 * <p>Real logs compress 5x to 30x (gzip) and rarely beyond 60x even with xz or zstd at their
 * strongest; a ratio past 100 is not a log rotated by logrotate. The ratio is judged only once
 * {@code ratioFrom} bytes have come out, since a small file's first megabyte says little.
 *
 * @param maxBytes  most decompressed bytes read from one file
 * @param maxRatio  most decompressed bytes per compressed byte read
 * @param ratioFrom decompressed bytes after which the ratio is checked
 */
public record InflationLimits(long maxBytes, double maxRatio, long ratioFrom) {
    /** System property for {@link #maxBytes} (a number of bytes, or with a K, M or G suffix). */
    public static final String MAX_BYTES_PROPERTY = "querylens.maxDecompressedBytes";
    /** System property for {@link #maxRatio}. */
    public static final String MAX_RATIO_PROPERTY = "querylens.maxDecompressionRatio";

    public static final InflationLimits DEFAULT = new InflationLimits(16L << 30, 100, 16L << 20);

    /** The defaults, with what the system properties above set (e.g. QUERYLENS_JAVA_OPTS=-Dquerylens.maxDecompressedBytes=64G). */
    public static InflationLimits fromSystemProperties() {
        long bytes = size(System.getProperty(MAX_BYTES_PROPERTY), DEFAULT.maxBytes);
        double ratio = DEFAULT.maxRatio;
        String r = System.getProperty(MAX_RATIO_PROPERTY);
        if (r != null) {
            try {
                ratio = Double.parseDouble(r.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(MAX_RATIO_PROPERTY + " takes a number, e.g. 100");
            }
        }
        if (bytes <= 0 || !(ratio > 0)) {
            throw new IllegalArgumentException(MAX_BYTES_PROPERTY + " and " + MAX_RATIO_PROPERTY + " must be positive");
        }
        return new InflationLimits(bytes, ratio, Math.min(DEFAULT.ratioFrom, bytes));
    }

    private static long size(String text, long otherwise) {
        if (text == null) {
            return otherwise;
        }
        var m = java.util.regex.Pattern.compile("(?i)^\\s*(\\d+)\\s*([kmgt]?)b?\\s*$").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(MAX_BYTES_PROPERTY + " takes a size in bytes, e.g. 1073741824 or 16G");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    /** Thrown into the reader when a limit is passed; {@link SalvagingStream} turns it into the end of the input. */
    static final class Exceeded extends java.io.IOException {
        Exceeded(String message) {
            super(message);
        }
    }

    /** The decompressed stream, counted against these limits; {@code compressedRead} says how many compressed bytes were read. */
    java.io.InputStream guard(java.io.InputStream decompressed, LongSupplier compressedRead) {
        return new java.io.FilterInputStream(decompressed) {
            private long out;
            private String stop;

            @Override
            public int read() throws java.io.IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (stop != null) {
                    throw new Exceeded(stop);
                }
                // never more than the cap allows, so what was read before it is exactly maxBytes
                long room = maxBytes - out;
                if (room <= 0) {
                    if (in.read() < 0) {
                        return -1; // it ended exactly at the cap: nothing lost
                    }
                    throw new Exceeded(String.format(Locale.ROOT, "expands to more than %s; the first %s were read",
                            bytes(maxBytes), bytes(maxBytes)) + " (" + MAX_BYTES_PROPERTY + ")");
                }
                int n = in.read(b, off, (int) Math.min(len, room));
                if (n > 0) {
                    out += n;
                    long compressed = Math.max(1, compressedRead.getAsLong());
                    if (out >= ratioFrom && out > maxRatio * compressed) {
                        // these bytes are still handed out: the next read stops, so "the first N were read" is exact
                        stop = (String.format(Locale.ROOT, "expands more than %.0f times (%s from %s), which no log does;"
                                + " the first %s were read", maxRatio, bytes(out), bytes(compressed), bytes(out))
                                + " (" + MAX_RATIO_PROPERTY + ")");
                    }
                }
                return n;
            }
        };
    }

    static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        }
        return n + " bytes";
    }
}
