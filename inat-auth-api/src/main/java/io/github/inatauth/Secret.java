package io.github.inatauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A password, app secret or token. It never prints its value: {@link #toString()} is masked, so a
 * record or log line that holds a {@code Secret} cannot leak it. Call {@link #reveal()} only at the
 * point where the value must leave the program (an HTTP header, the keyring, stdout of
 * {@code inat-auth token}).
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a value; {@code null} or empty is refused, since an empty secret is a missing one.
     *
     * @param value the secret value
     * @return the secret
     * @throws NullPointerException when {@code value} is null
     * @throws IllegalArgumentException when {@code value} is empty
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value);
    }

    /**
     * Wraps a value, or gives {@code null} for a {@code null} or empty one.
     *
     * @param value the secret value, or null
     * @return the secret, or null when there is none
     */
    public static Secret ofNullable(String value) {
        return value == null || value.isEmpty() ? null : new Secret(value);
    }

    /** {@return the value itself; never log it} */
    public String reveal() {
        return value;
    }

    /**
     * Compares with a value in constant time.
     *
     * @param candidate a value, or null
     * @return true when this secret's value is {@code candidate}
     */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** {@return a hint for people: the first two characters and stars ({@code al***}), or stars for short values} */
    public String masked() {
        return value.length() < 8 ? "***" : value.substring(0, 2) + "***";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && s.matches(value);
    }

    @Override
    public int hashCode() {
        return 0; // a hash would leak information about the value; secrets are not map keys
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
