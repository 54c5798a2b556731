package io.github.inatauth.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough JSON for the stand-in: quoting strings for the bodies it writes by hand, and reading
 * one flat object (string, number, boolean or null members) from request bodies. Nested values are
 * refused, since no iNaturalist auth request sends them; the module stays free of a JSON library.
 */
final class Json {

    private Json() {
    }

    /** The value as a JSON string literal, quotes included. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Builds one JSON object member by member, in order. */
    static final class ObjectWriter {
        private final StringBuilder out = new StringBuilder("{");

        ObjectWriter put(String name, String value) {
            return raw(name, quote(value));
        }

        ObjectWriter put(String name, long value) {
            return raw(name, Long.toString(value));
        }

        /** A member whose value is already JSON text. */
        ObjectWriter raw(String name, String json) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(name)).append(':').append(json);
            return this;
        }

        String build() {
            return out + "}";
        }
    }

    static ObjectWriter object() {
        return new ObjectWriter();
    }

    /**
     * The members of a flat JSON object, each value as text ({@code null} for JSON null).
     *
     * @throws IllegalArgumentException when the text is not one flat JSON object
     */
    static Map<String, String> parseFlatObject(String text) {
        return new FlatParser(text).object();
    }

    private static final class FlatParser {
        private final String text;
        private int pos;

        FlatParser(String text) {
            this.text = text;
        }

        Map<String, String> object() {
            Map<String, String> members = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    skipSpace();
                    String name = string();
                    skipSpace();
                    expect(':');
                    skipSpace();
                    members.put(name, value());
                    skipSpace();
                    char c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw error("expected ',' or '}'");
                    }
                }
            }
            skipSpace();
            if (pos != text.length()) {
                throw error("text after the object");
            }
            return members;
        }

        private String value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == '{' || c == '[') {
                throw error("nested values are not supported");
            }
            int start = pos;
            while (pos < text.length() && "{}[],: \t\r\n\"".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            String literal = text.substring(start, pos);
            if (literal.equals("null")) {
                return null;
            }
            if (literal.equals("true") || literal.equals("false")
                    || literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                return literal;
            }
            throw error("not a JSON value");
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = next();
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException e) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape");
                }
            }
        }

        private void skipSpace() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(pos);
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            // the position only: the body may hold a password
            return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + what);
        }
    }
}
