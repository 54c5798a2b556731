package io.github.inatauth.internal;

/**
 * The one rule every token obeys before it is used, cached, stored or printed: an RFC 6750
 * {@code b64token} ({@code [A-Za-z0-9-._~+/]+=*}) of at most {@value #MAX_LENGTH} characters. So a
 * token can go into an {@code Authorization} header and onto one line of stdout as it is.
 * iNaturalist's OAuth tokens (43 characters) and JWTs (a few hundred) are far below the bound.
 */
public final class BearerTokens {
    /** Long enough for any JWT iNaturalist makes; short enough for every server's header line limit. */
    public static final int MAX_LENGTH = 4096;
    /** What the rule is, for messages. */
    public static final String RULE = "a bearer token (RFC 6750 b64token) of at most " + MAX_LENGTH + " characters";

    private BearerTokens() {
    }

    /**
     * Why {@code value} breaks the rule, in words that never quote it (e.g. "has a line break at
     * position 41"); {@code null} when it is a bearer token.
     */
    public static String problem(String value) {
        int n = value.length();
        if (n == 0) {
            return "is empty";
        }
        if (n > MAX_LENGTH) {
            return "is " + n + " characters long";
        }
        int i = 0;
        while (i < n && isTokenChar(value.charAt(i))) {
            i++;
        }
        if (i == 0 && value.charAt(0) == '=') {
            return "has nothing before its '=' padding";
        }
        while (i < n && value.charAt(i) == '=') {
            i++;
        }
        if (i == n) {
            return null;
        }
        char c = value.charAt(i);
        String what = isTokenChar(c) ? "'=' padding before its end, then a character"
                : c == '\n' || c == '\r' ? "a line break"
                : c < 0x20 || c == 0x7f ? "a control character"
                : c == ' ' ? "a space"
                : c > 0x7f ? "a non-ASCII character"
                : "a character that a bearer token may not hold";
        return "has " + what + " at position " + (i + 1);
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
