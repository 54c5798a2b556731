package io.github.inatauth.internal.shared;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Just enough of a strict JSON reader (RFC 8259) to find top-level members of an object, with
 * bounds on size and depth: the API module has no JSON library, and a JWT payload (or what a
 * credential command prints) is small. Nested
 * values are read and skipped, so a member of the same name inside them never counts. Every
 * failure is a {@link Malformed}; nothing else is thrown.
 */
public final class TopLevelJson {
    /** Longer text is refused unread. */
    static final int MAX_LENGTH = 16 * 1024;
    /** Objects and arrays nested deeper than this are refused (no deep recursion). */
    static final int MAX_DEPTH = 32;

    /** The text is not one JSON object within the bounds; the message says where, never what. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String why, int at) {
            super(why + " at offset " + at, null, false, false);
        }
    }

    private final String text;
    private int at;

    private TopLevelJson(String text) {
        this.text = text;
    }

    /**
     * The text of the top-level member {@code name} when the whole of {@code json} is one object and
     * that member's value is a number; {@code null} when the member is absent or not a number.
     *
     * @throws Malformed when {@code json} is not exactly one JSON object, is over the bounds, or has
     *         the member twice (RFC 7519 allows refusing that)
     */
    public static String number(String json, String name) throws Malformed {
        return whole(json, Set.of(name), false).get(name);
    }

    /**
     * The top-level members among {@code names} whose values are strings, decoded; a member whose value
     * is {@code null} counts as absent, other members are read and skipped.
     *
     * @throws Malformed when {@code json} is not exactly one JSON object, is over the bounds, has one
     *         of {@code names} twice, or has one whose value is neither a string nor {@code null}
     */
    public static Map<String, String> strings(String json, Set<String> names) throws Malformed {
        return whole(json, names, true);
    }

    private static Map<String, String> whole(String json, Set<String> names, boolean strings) throws Malformed {
        if (json.length() > MAX_LENGTH) {
            throw new Malformed("text too long", MAX_LENGTH);
        }
        TopLevelJson r = new TopLevelJson(json);
        Map<String, String> found = r.object(names, strings);
        r.skipSpace();
        if (r.at != json.length()) {
            throw new Malformed("text after the object", r.at);
        }
        return found;
    }

    /**
     * Reads the object that starts here; returns the members among {@code names} whose values are
     * strings ({@code strings}) or numbers (as their text), each at most once.
     */
    private Map<String, String> object(Set<String> names, boolean strings) throws Malformed {
        skipSpace();
        expect('{');
        Map<String, String> found = new HashMap<>();
        Set<String> seen = new HashSet<>();
        skipSpace();
        if (peek() == '}') {
            at++;
            return found;
        }
        for (;;) {
            skipSpace();
            String member = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (names.contains(member)) {
                if (!seen.add(member)) {
                    throw new Malformed("member repeated", at);
                }
                int start = at;
                if (strings && peek() == '"') {
                    found.put(member, string());
                } else if (strings && text.startsWith("null", at)) {
                    literal("null");
                } else if (strings) {
                    throw new Malformed("member \"" + member + "\" is not a string", at);
                } else if (isNumberStart(peek())) {
                    number();
                    found.put(member, text.substring(start, at));
                } else {
                    value(1);
                }
            } else {
                value(1);
            }
            skipSpace();
            char c = next();
            if (c == '}') {
                return found;
            }
            if (c != ',') {
                throw new Malformed("expected ',' or '}'", at - 1);
            }
        }
    }

    private void value(int depth) throws Malformed {
        if (depth > MAX_DEPTH) {
            throw new Malformed("nested too deep", at);
        }
        char c = peek();
        switch (c) {
            case '{' -> container('}', depth, true);
            case '[' -> container(']', depth, false);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (!isNumberStart(c)) {
                    throw new Malformed("expected a value", at);
                }
                number();
            }
        }
    }

    /** A nested object ({@code members}) or array, skipped. */
    private void container(char close, int depth, boolean members) throws Malformed {
        at++;
        skipSpace();
        if (peek() == close) {
            at++;
            return;
        }
        for (;;) {
            skipSpace();
            if (members) {
                string();
                skipSpace();
                expect(':');
                skipSpace();
            }
            value(depth + 1);
            skipSpace();
            char c = next();
            if (c == close) {
                return;
            }
            if (c != ',') {
                throw new Malformed("expected ',' or '" + close + "'", at - 1);
            }
        }
    }

    /** A string, with its escapes decoded (so that {@code "e\u0078p"} is {@code exp}). */
    private String string() throws Malformed {
        expect('"');
        StringBuilder out = new StringBuilder();
        for (;;) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new Malformed("control character in a string", at - 1);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(next(), 16);
                        if (d < 0) {
                            throw new Malformed("bad \\u escape", at - 1);
                        }
                        v = v * 16 + d;
                    }
                    out.append((char) v);
                }
                default -> throw new Malformed("bad escape", at - 1);
            }
        }
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} */
    private void number() throws Malformed {
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        if (peek() == '.') {
            at++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            digits();
        }
    }

    private void digits() throws Malformed {
        int start = at;
        while (isDigit(peek())) {
            at++;
        }
        if (at == start) {
            throw new Malformed("expected a digit", at);
        }
    }

    private void literal(String word) throws Malformed {
        if (!text.startsWith(word, at)) {
            throw new Malformed("expected a value", at);
        }
        at += word.length();
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private void expect(char c) throws Malformed {
        if (next() != c) {
            throw new Malformed("expected '" + c + "'", at - 1);
        }
    }

    /** The character here, or NUL past the end (NUL is never valid where a caller peeks). */
    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private char next() throws Malformed {
        if (at >= text.length()) {
            throw new Malformed("unexpected end", at);
        }
        return text.charAt(at++);
    }

    private static boolean isNumberStart(char c) {
        return c == '-' || isDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
