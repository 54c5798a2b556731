package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.internal.shared.TokenTimes;
import io.github.inatauth.spi.Token;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server's clock next to this machine's, as the {@code Date} header of each token answer shows
 * it (as AWS's SDK learns its clock skew). A JWT's {@code exp} is a time of the server's clock; it is
 * judged there and then moved to this machine's clock by the offset, so that the cache, the stores
 * and later runs judge it by the local clock alone (no cost on the warm path). A large offset is
 * reported once.
 */
final class ServerClock {
    /** An offset beyond this is reported (once): other programs on this machine will go wrong. */
    static final Duration LARGE_OFFSET = Duration.ofMinutes(5);
    /**
     * A smaller offset is taken as none: a {@code Date} header is in whole seconds and the answer took
     * time to arrive, so it cannot show less, and times stay exactly as the server sent them.
     */
    static final Duration PRECISION = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger("io.github.inatauth.http");

    private final Clock local;
    private final AtomicBoolean reported = new AtomicBoolean();

    public ServerClock(Clock local) {
        this.local = local;
    }

    /**
     * The clocks when {@code r} arrived: this machine's time, and the server's offset from it when
     * the answer has a readable {@code Date} header.
     */
    public Reading read(Response r) {
        Instant now = local.instant();
        Duration offset = r.header("Date").flatMap(ServerClock::parseDate).map(d -> Duration.between(now, d))
                .map(d -> d.abs().compareTo(PRECISION) < 0 ? Duration.ZERO : d).orElse(null);
        Reading reading = new Reading(now, offset);
        if (reading.isLarge() && reported.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "This machine''s clock is {0} {1} the clock of {2} (its Date header); "
                    + "inat-auth judges token lifetimes by the server''s clock, but set this clock right (NTP).",
                    describe(offset), offset.isNegative() ? "ahead of" : "behind", ServerUrls.display(r.request().uri()));
        }
        return reading;
    }

    /**
     * An HTTP date (RFC 9110 IMF-fixdate, which RFC 1123 parsing covers); empty when unreadable or
     * before 1970 (no server's clock is that far off; it would move token times out of their range).
     */
    static Optional<Instant> parseDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                    .filter(TokenTimes::isPlausible);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@code t}, or the nearest end of the times a token may have (an offset can move a time past them). */
    static Instant withinTokenTimes(Instant t) {
        return t.isBefore(Instant.EPOCH) ? Instant.EPOCH : t.isAfter(TokenTimes.LATEST) ? TokenTimes.LATEST : t;
    }

    /** An offset for people: "about 3 minutes", "about 25 hours". */
    static String describe(Duration offset) {
        long seconds = offset.abs().getSeconds();
        if (seconds < 120) {
            return "about " + seconds + " seconds";
        }
        if (seconds < 2 * 3600) {
            return "about " + Math.round(seconds / 60.0) + " minutes";
        }
        return "about " + Math.round(seconds / 3600.0) + " hours";
    }

    /**
     * The clocks when one answer arrived.
     *
     * @param localNow this machine's time
     * @param offset the server's time minus {@code localNow}; null when the answer had no readable {@code Date}
     */
    public record Reading(Instant localNow, Duration offset) {

        /** The server's time when the answer arrived (this machine's time when unknown). */
        public Instant serverNow() {
            return offset == null ? localNow : localNow.plus(offset);
        }

        /** A time of the server's clock on this machine's clock. */
        public Instant toLocal(Instant serverTime) {
            return offset == null ? serverTime : serverTime.minus(offset);
        }

        /** A token whose times are on the server's clock, with its times on this machine's clock. */
        public Token onThisMachine(Token onServerClock) {
            Instant exp = onServerClock.expiresAt();
            return new Token(onServerClock.value(), localNow, exp == null ? null : withinTokenTimes(toLocal(exp)));
        }

        /** Whether the offset is large enough to mention. */
        public boolean isLarge() {
            return offset != null && offset.abs().compareTo(LARGE_OFFSET) > 0;
        }
    }
}
