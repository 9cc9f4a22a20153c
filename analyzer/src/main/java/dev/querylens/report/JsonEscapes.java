package dev.querylens.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON that is safe to {@code cat} on a terminal: besides the C0 controls JSON always escapes, DEL,
 * C1 controls, bidirectional overrides and isolates and the other characters {@link VisibleText}
 * hides are written as JSON's backslash-u escapes. The strings are the same to any JSON reader; only a
 * person looking at the raw file sees the difference, which is the point.
 */
final class JsonEscapes extends CharacterEscapes {
    private static final int[] ASCII;

    static {
        ASCII = CharacterEscapes.standardAsciiEscapesForJSON();
        ASCII[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
    }

    /** {@code mapper}, writing with these escapes. */
    static ObjectMapper on(ObjectMapper mapper) {
        mapper.getFactory().setCharacterEscapes(new JsonEscapes());
        return mapper;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (Character.isSurrogate((char) ch) || !VisibleText.hidden(ch, false)) {
            return null; // written as it is (a surrogate pair stays a pair)
        }
        return new SerializedString(String.format("\\u%04x", ch));
    }
}
