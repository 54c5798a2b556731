package io.github.inatauth.internal.shared;

import java.time.Instant;

/**
 * The range a token's times lie in: from 1970 to the end of year 9999. A store or an answer holding
 * any other time is damaged; every computation on a time in range (epoch milliseconds, durations to
 * now) stays far from overflow. {@code spi.Token} refuses other times; parsers check a time they read
 * with {@link #isPlausible} before they make a token.
 */
public final class TokenTimes {
    /** The last instant a token may carry, the end of year 9999; anything later is damage, not a date. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private TokenTimes() {
    }

    /**
     * Whether {@code time} can be a token's time.
     *
     * @param time a time read from a store or an answer
     * @return true when it lies from 1970 to the end of year 9999
     */
    public static boolean isPlausible(Instant time) {
        return !time.isBefore(Instant.EPOCH) && !time.isAfter(LATEST);
    }
}
