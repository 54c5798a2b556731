package io.github.inatauth.internal;

import java.time.Clock;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Where a {@link TokenSlot}'s time comes from: the clock that judges a token's phase, and the timer
 * that ends the warm path at the stale deadline. The warm path may skip the clock only when the timer
 * runs on that clock's time: the system clock with the shared timer thread, or a test's clock with a
 * timer the test drives.
 */
interface TimeSource {

    Clock clock();

    /** Whether {@link #schedule} fires on {@link #clock()}'s time, so that a token may be served without a clock read. */
    boolean timerFollowsClock();

    /** Runs {@code task} after {@code delayMillis} of this source's time. */
    Future<?> schedule(Runnable task, long delayMillis);

    /** The system clock and the shared timer thread: the warm path reads no clock. */
    static TimeSource system() {
        return System.INSTANCE;
    }

    /**
     * Only a clock (one injected through the builder): no timer follows it, so every call reads it
     * and nothing is served unchecked.
     */
    static TimeSource clockOnly(Clock clock) {
        return new TimeSource() {
            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public boolean timerFollowsClock() {
                return false;
            }

            @Override
            public Future<?> schedule(Runnable task, long delayMillis) {
                throw new IllegalStateException("no timer follows an injected clock");
            }
        };
    }

    /** The system's source. */
    final class System implements TimeSource {
        static final System INSTANCE = new System();
        private static final Clock CLOCK = Clock.systemUTC();

        private System() {
        }

        @Override
        public Clock clock() {
            return CLOCK;
        }

        @Override
        public boolean timerFollowsClock() {
            return true;
        }

        @Override
        public Future<?> schedule(Runnable task, long delayMillis) {
            return Background.timer().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
    }
}
