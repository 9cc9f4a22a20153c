package dev.querylens.collect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the bound values an ORM prints beside a statement, written the way its language prints
 * them: Python's repr ({@code (1, 'a', None)}, {@code {'name': 'x'}}), Node's util.inspect
 * ({@code [ 1, 'b0.0' ]}), JSON ({@code ["a",1]}) and Ruby's inspect ({@code [["id", 1], ["LIMIT", nil]]}).
 * Scalars become text, the null of each language null; a nested value (a list, a dict, a call such
 * as {@code datetime.datetime(2024, 1, 1, 0, 0)}) is kept as its printed text. Only the shape is
 * read, never evaluated.
 */
final class LoggedValues {
    private final String text;
    private int at;

    private LoggedValues(String text) {
        this.text = text;
    }

    /** A parsed value: a scalar's text (or null), or a list, or a map of names to values. */
    sealed interface Value permits Scalar, ListValue, MapValue {
        /** The value as one bound parameter: a scalar's text, or the printed text of a list or map. */
        String asParameter();
    }

    record Scalar(String text, String printed) implements Value {
        @Override
        public String asParameter() {
            return text;
        }
    }

    record ListValue(List<Value> items, String printed) implements Value {
        @Override
        public String asParameter() {
            return printed;
        }
    }

    record MapValue(Map<String, Value> entries, String printed) implements Value {
        @Override
        public String asParameter() {
            return printed;
        }
    }

    /**
     * The items of a list as node-postgres binds them: a JavaScript array becomes PostgreSQL's
     * array text ({@code ["a b",1]} is {@code {"a b",1}}: quoted only where needed, null as NULL,
     * as the server logs what pg sent), an object its JSON, so a value reads as the server logs it.
     */
    static List<String> nodePgList(String text) {
        Value v = parse(text);
        if (!(v instanceof ListValue l)) {
            return v instanceof Scalar s ? java.util.Collections.singletonList(s.text()) : null;
        }
        List<String> out = new ArrayList<>();
        l.items().forEach(i -> out.add(i instanceof ListValue a ? nodePgArray(a) : i.asParameter()));
        return out;
    }

    private static String nodePgArray(ListValue a) {
        StringBuilder b = new StringBuilder("{");
        for (int k = 0; k < a.items().size(); k++) {
            Value i = a.items().get(k);
            b.append(k == 0 ? "" : ",");
            if (i instanceof ListValue nested) {
                b.append(nodePgArray(nested));
            } else if (i instanceof Scalar s && s.text() == null) {
                b.append("NULL");
            } else {
                String v = i.asParameter();
                // quoted only where PostgreSQL's own array output quotes, as node-postgres 8 sends it ({public})
                boolean quote = v.isEmpty() || v.equalsIgnoreCase("NULL") || v.chars().anyMatch(ch -> "{},\"\\".indexOf(ch) >= 0
                        || Character.isWhitespace(ch));
                b.append(quote ? "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : v);
            }
        }
        return b.append('}').toString();
    }

    /** The value the whole text is, or null when it is not one (cut short, or not a literal). */
    static Value parse(String text) {
        LoggedValues p = new LoggedValues(text.strip());
        try {
            Value v = p.value();
            p.space();
            return p.at == p.text.length() ? v : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The items of a list or tuple as parameters; a single scalar as a list of one; null when not a value. */
    static List<String> list(String text) {
        Value v = parse(text);
        if (v == null) {
            return null;
        }
        if (v instanceof ListValue l) {
            List<String> out = new ArrayList<>();
            l.items().forEach(i -> out.add(i.asParameter()));
            return out;
        }
        return v instanceof Scalar s ? java.util.Collections.singletonList(s.text()) : null;
    }

    private Value value() {
        space();
        if (at >= text.length()) {
            throw new IllegalArgumentException("end");
        }
        int start = at;
        char c = text.charAt(at);
        if (c == '[' || c == '(') {
            List<Value> items = new ArrayList<>();
            char close = c == '[' ? ']' : ')';
            at++;
            while (true) {
                space();
                if (peek(close)) {
                    at++;
                    break;
                }
                items.add(value());
                space();
                if (peek(',')) {
                    at++;
                } else if (!peek(close)) {
                    throw new IllegalArgumentException("list");
                }
            }
            return new ListValue(items, text.substring(start, at));
        }
        if (c == '{') {
            Map<String, Value> entries = new LinkedHashMap<>();
            at++;
            while (true) {
                space();
                if (peek('}')) {
                    at++;
                    break;
                }
                Value key = value();
                space();
                if (!peek(':')) {
                    throw new IllegalArgumentException("map");
                }
                at++;
                entries.put(key.asParameter(), value());
                space();
                if (peek(',')) {
                    at++;
                } else if (!peek('}')) {
                    throw new IllegalArgumentException("map");
                }
            }
            return new MapValue(entries, text.substring(start, at));
        }
        if (c == '\'' || c == '"') {
            String s = quoted(c);
            return new Scalar(s, text.substring(start, at));
        }
        // a bare word: a number, a keyword, a name, or a call such as datetime.date(2024, 1, 1) or Decimal('1.5'), whose
        // keyword arguments (tzinfo=datetime.timezone.utc, days=1) are words too
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || "._-+:=".indexOf(text.charAt(at)) >= 0)) {
            at++;
        }
        if (at == start) {
            throw new IllegalArgumentException("value");
        }
        String word = text.substring(start, at);
        if (at < text.length() && text.charAt(at) == '(') {
            value(); // the call's arguments, read as a tuple to find where they end
            return new Scalar(text.substring(start, at), text.substring(start, at));
        }
        // byte strings (b'..') and other prefixed Python strings
        if (at < text.length() && (text.charAt(at) == '\'' || text.charAt(at) == '"') && word.matches("[bBrRuU]{1,2}")) {
            String s = quoted(text.charAt(at));
            return new Scalar(s, text.substring(start, at));
        }
        return switch (word) {
            case "None", "null", "nil", "undefined" -> new Scalar(null, word);
            case "True" -> new Scalar("true", word);
            case "False" -> new Scalar("false", word);
            default -> new Scalar(word, word);
        };
    }

    /** A quoted string with backslash escapes (Python, JavaScript, JSON and Ruby all use them). */
    private String quoted(char quote) {
        StringBuilder out = new StringBuilder();
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\\' && at < text.length()) {
                char e = text.charAt(at++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> {
                        if (at + 4 <= text.length() && text.substring(at, at + 4).matches("[0-9a-fA-F]{4}")) {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        } else {
                            out.append('u');
                        }
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        throw new IllegalArgumentException("unclosed");
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
