package io.github.inatauth.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** A sliding one-minute window of requests, as iNaturalist limits clients (100 a minute). */
final class RateLimit {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Deque<Instant> admitted = new ArrayDeque<>();

    RateLimit(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Admits a request made now, or gives how long to wait when the window is full. */
    synchronized Duration admit(Instant now) {
        while (!admitted.isEmpty() && !admitted.peekFirst().plus(WINDOW).isAfter(now)) {
            admitted.removeFirst();
        }
        if (admitted.size() < perMinute) {
            admitted.addLast(now);
            return null;
        }
        return Duration.between(now, admitted.peekFirst().plus(WINDOW));
    }
}
