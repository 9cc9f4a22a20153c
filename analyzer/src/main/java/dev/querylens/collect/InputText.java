package dev.querylens.collect;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * The text of one input, decoded by hand rather than by the JDK's decoder so that damage costs one
 * character, not the file: a NUL byte or an invalid UTF-8 sequence becomes U+FFFD on its line and
 * is counted (the first one's line and byte offset are kept for one diagnostic per file), a UTF-8
 * BOM is skipped, and a UTF-16 BOM switches to UTF-16. Lines end at LF, CRLF or a lone CR. It
 * knows the line and byte offset it has reached, so a failure while reading can say where.
 *
 * <p>It is a {@link BufferedReader} only so that the sources keep their {@code readLine()} loops;
 * mark and reset are not supported.
 */
final class InputText extends BufferedReader implements ReadPosition {
    private static final int REPLACEMENT = 0xFFFD;
    private static final Reader NO_READER = Reader.nullReader();

    private enum Encoding { UTF_8, UTF_16BE, UTF_16LE }

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    /** Byte offset in the input of buf[0]. */
    private long bufferStart;
    private final Encoding encoding;
    /** A low surrogate still to hand out after its high surrogate. */
    private int pendingLow = -1;
    /** Line terminators consumed so far; a CR followed by LF counts once. */
    private long terminators;
    private boolean lastWasCr;
    private long lineNumber;
    private long lineOffset = -1;
    private long repairs;
    private long firstRepairLine;
    private long firstRepairOffset = -1;

    InputText(InputStream in) throws IOException {
        super(NO_READER, 1);
        this.in = in;
        fill(4);
        if (available() >= 3 && (buf[pos] & 0xFF) == 0xEF && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF) {
            pos += 3;
            encoding = Encoding.UTF_8;
        } else if (available() >= 2 && (buf[pos] & 0xFF) == 0xFE && (buf[pos + 1] & 0xFF) == 0xFF) {
            pos += 2;
            encoding = Encoding.UTF_16BE;
        } else if (available() >= 2 && (buf[pos] & 0xFF) == 0xFF && (buf[pos + 1] & 0xFF) == 0xFE) {
            pos += 2;
            encoding = Encoding.UTF_16LE;
        } else {
            encoding = Encoding.UTF_8;
        }
    }

    /**
     * The UTF-8 text of a byte range inside an input, from {@code start}: no byte order mark is
     * looked for (there is none past the start), offsets count from the input's start, lines from
     * the range's.
     */
    InputText(InputStream in, long start) {
        super(NO_READER, 1);
        this.in = in;
        this.bufferStart = start;
        this.encoding = Encoding.UTF_8;
    }

    /** Whether the input is UTF-8 (else its lines cannot be told apart byte by byte). */
    boolean utf8() {
        return encoding == Encoding.UTF_8;
    }

    long repairs() {
        return repairs;
    }

    /** The line (1-based, of this text) and byte offset of the first repair; meaningful when {@link #repairs()} is not 0. */
    long firstRepairLine() {
        return firstRepairLine;
    }

    long firstRepairOffset() {
        return firstRepairOffset;
    }

    /** The first bytes of an input as text, decoded the same way (for telling what the input is). */
    static String decodeHead(byte[] head) {
        try (InputText t = new InputText(new ByteArrayInputStream(head))) {
            return t.readAll();
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether the bytes start with a UTF-16 byte order mark (then NUL bytes are not a sign of binary content). */
    static boolean startsWithUtf16Bom(byte[] head) {
        return head.length >= 2 && (((head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF)
                || ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE));
    }

    /**
     * The UTF-8 length of the first {@code end} characters: a character index as a byte offset
     * (the file's own offset where it was valid UTF-8 without a BOM).
     */
    static long utf8Offset(CharSequence text, long end) {
        long bytes = 0;
        for (int i = 0; i < Math.min(end, text.length()); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    String readAll() throws IOException {
        StringBuilder b = new StringBuilder();
        char[] chunk = new char[8192];
        for (int n = read(chunk, 0, chunk.length); n > 0; n = read(chunk, 0, chunk.length)) {
            b.append(chunk, 0, n);
        }
        return b.toString();
    }

    @Override
    public String readLine() throws IOException {
        long startLine = terminators + 1;
        if (!fill(1)) {
            return null;
        }
        lineNumber = startLine;
        lineOffset = bufferStart + pos;
        StringBuilder line = null;
        while (fill(1)) {
            if (encoding == Encoding.UTF_8) {
                // fast path: a run of plain ASCII (most of any log) is copied without decoding
                int start = pos;
                int i = pos;
                while (i < limit && buf[i] > 0 && buf[i] != '\n' && buf[i] != '\r') {
                    i++;
                }
                if (i > start) {
                    lastWasCr = false;
                    pos = i;
                    boolean ends = i < limit && (buf[i] == '\n' || buf[i] == '\r');
                    if (line == null && ends) {
                        String whole = new String(buf, start, i - start, StandardCharsets.ISO_8859_1);
                        endLine();
                        return whole;
                    }
                    if (line == null) {
                        line = new StringBuilder(Math.max(80, 2 * (i - start)));
                    }
                    for (int k = start; k < i; k++) {
                        line.append((char) buf[k]);
                    }
                    continue;
                }
            }
            if (line == null) {
                line = new StringBuilder(80);
            }
            int c = peekTerminator();
            if (c >= 0) {
                endLine();
                break;
            }
            line.appendCodePoint(next());
        }
        return line == null ? "" : line.toString();
    }

    /** The line terminator at the read position (LF or CR), or -1 when the next character is not one. */
    private int peekTerminator() throws IOException {
        if (encoding == Encoding.UTF_8) {
            return buf[pos] == '\n' || buf[pos] == '\r' ? buf[pos] : -1;
        }
        if (!fill(2) || available() < 2) {
            return -1;
        }
        int c = encoding == Encoding.UTF_16BE ? ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF)
                : ((buf[pos + 1] & 0xFF) << 8) | (buf[pos] & 0xFF);
        return c == '\n' || c == '\r' ? c : -1;
    }

    /** Consumes the line terminator at the read position, if any: LF, CR, or CR LF. */
    private void endLine() throws IOException {
        if (!fill(1)) {
            return;
        }
        int c = next();
        if (c == '\r' && peekByteIsLf()) {
            next();
        }
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            if (pendingLow >= 0) {
                cbuf[off + n++] = (char) pendingLow;
                pendingLow = -1;
                continue;
            }
            int c = next();
            if (c < 0) {
                break;
            }
            if (Character.isSupplementaryCodePoint(c)) {
                cbuf[off + n++] = Character.highSurrogate(c);
                pendingLow = Character.lowSurrogate(c);
            } else {
                cbuf[off + n++] = (char) c;
            }
        }
        return n == 0 && len > 0 ? -1 : n;
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public boolean ready() {
        return available() > 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readAheadLimit) throws IOException {
        throw new IOException("mark is not supported");
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("reset is not supported");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The line the last {@link #readLine()} returned (1-based), else the line reached. */
    @Override
    public long line() {
        return lineNumber > 0 ? lineNumber : terminators + 1;
    }

    /** The byte offset where the last returned line starts, else the bytes consumed. */
    @Override
    public long offset() {
        return lineOffset >= 0 ? lineOffset : bufferStart + pos;
    }

    /** Where reading has got to: the line being read and the next byte. */
    long linesReached() {
        return terminators + 1;
    }

    long bytesConsumed() {
        return bufferStart + pos;
    }

    @Override
    public long consumed() {
        return bytesConsumed();
    }

    /** One note for the whole input when characters were replaced, else null. */
    Diagnostic repairNote(String file) {
        return repairNote(file, repairs, firstRepairLine, firstRepairOffset);
    }

    /** The note for {@code repairs} characters replaced, the first at that line and offset; null when none were. */
    static Diagnostic repairNote(String file, long repairs, long firstRepairLine, long firstRepairOffset) {
        if (repairs == 0) {
            return null;
        }
        return new Diagnostic(file, firstRepairLine, firstRepairOffset, false, repairs
                + (repairs == 1 ? " NUL byte or invalid UTF-8 sequence" : " NUL bytes or invalid UTF-8 sequences")
                + " replaced by U+FFFD (the first here); the lines around them were still read");
    }

    private long charOffset;

    /** The next code point, or -1 at the end; updates line counting and repairs. */
    private int next() throws IOException {
        if (!fill(1)) {
            return -1;
        }
        charOffset = bufferStart + pos;
        int c = encoding == Encoding.UTF_8 ? nextUtf8() : nextUtf16();
        if (c == 0) {
            c = repaired();
        }
        if (c == '\n') {
            if (!lastWasCr) {
                terminators++;
            }
            lastWasCr = false;
        } else if (c == '\r') {
            terminators++;
            lastWasCr = true;
        } else {
            lastWasCr = false;
        }
        return c;
    }

    private int nextUtf8() throws IOException {
        int b = buf[pos] & 0xFF;
        if (b < 0x80) {
            pos++;
            return b;
        }
        int length;
        int min;
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2;
            min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            min = 0x800;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            min = 0x10000;
        } else {
            pos++;
            return repaired();
        }
        fill(length);
        if (available() < length) {
            pos++;
            return repaired();
        }
        int cp = b & (0xFF >> (length + 1));
        for (int k = 1; k < length; k++) {
            int cont = buf[pos + k] & 0xFF;
            if ((cont & 0xC0) != 0x80) {
                pos++;
                return repaired();
            }
            cp = (cp << 6) | (cont & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            pos++;
            return repaired();
        }
        pos += length;
        return cp;
    }

    private int nextUtf16() throws IOException {
        fill(2);
        if (available() < 2) {
            pos = limit;
            return repaired();
        }
        int c = encoding == Encoding.UTF_16BE
                ? ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF)
                : ((buf[pos + 1] & 0xFF) << 8) | (buf[pos] & 0xFF);
        pos += 2;
        return c; // surrogate pairs pass through as two chars, as Java strings hold them
    }

    private int repaired() {
        if (repairs++ == 0) {
            firstRepairLine = terminators + 1;
            firstRepairOffset = charOffset;
        }
        return REPLACEMENT;
    }

    private boolean peekByteIsLf() throws IOException {
        if (!fill(encoding == Encoding.UTF_8 ? 1 : 2)) {
            return false;
        }
        return switch (encoding) {
            case UTF_8 -> buf[pos] == '\n';
            case UTF_16BE -> available() >= 2 && buf[pos] == 0 && buf[pos + 1] == '\n';
            case UTF_16LE -> available() >= 2 && buf[pos] == '\n' && buf[pos + 1] == 0;
        };
    }

    private int available() {
        return limit - pos;
    }

    /** Makes at least {@code wanted} bytes available unless the input ends first; false when none are. */
    private boolean fill(int wanted) throws IOException {
        if (available() >= wanted) {
            return true;
        }
        if (!eof) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, available());
                bufferStart += pos;
                limit -= pos;
                pos = 0;
            }
            while (limit < wanted) {
                int n = in.read(buf, limit, buf.length - limit);
                if (n < 0) {
                    eof = true;
                    break;
                }
                limit += n;
            }
        }
        return available() > 0;
    }
}
