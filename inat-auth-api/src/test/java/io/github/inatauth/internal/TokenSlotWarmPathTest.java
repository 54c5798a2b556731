package io.github.inatauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.Secret;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The warm path (one volatile read, no clock) under a time source the test drives: a token is served
 * unchecked while fresh, and the timer that follows the test's clock ends that at the stale deadline.
 */
class TokenSlotWarmPathTest {
    private static final TokenKey KEY = new TokenKey("https://www.inaturalist.org", "app", "user", TokenType.JWT);

    /** A clock and a timer that fires when the test moves the clock past a task's time. */
    private static final class ManualTime implements TimeSource {
        private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T08:00:00Z"));
        private final List<Timed> tasks = new ArrayList<>();

        private record Timed(long dueMillis, FutureTask<Void> task) {
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public boolean timerFollowsClock() {
            return true;
        }

        @Override
        public synchronized Future<?> schedule(Runnable task, long delayMillis) {
            FutureTask<Void> f = new FutureTask<>(task, null);
            tasks.add(new Timed(clock.millis() + delayMillis, f));
            return f;
        }

        /** Moves the clock and runs every task that is due, including those the tasks schedule. */
        void advance(Duration d) {
            clock.advance(d);
            for (;;) {
                Timed due;
                synchronized (this) {
                    due = tasks.stream().filter(t -> t.dueMillis <= clock.millis()).findFirst().orElse(null);
                    if (due == null) {
                        return;
                    }
                    tasks.remove(due);
                }
                due.task.run();
            }
        }
    }

    @Test
    void warmPath_servesUncheckedUntilTheTimerOnTheInjectedClockMarksTheTokenStale() throws Exception {
        ManualTime time = new ManualTime();
        AtomicInteger fetches = new AtomicInteger();
        CountDownLatch refreshed = new CountDownLatch(2);
        TokenSlot slot = new TokenSlot(KEY, (key, forced) -> {
            Instant now = time.clock().instant();
            Token t = Token.jwt(Secret.of(CountingIssuer.jwt(now.plus(Duration.ofHours(24)), "t" + fetches.incrementAndGet())), now);
            refreshed.countDown();
            return t;
        }, time);

        String first = slot.get(false).value;
        assertThat(slot.fastValue()).as("fresh: served without a clock read").isEqualTo(first);

        // 24 h of life: stale 5 min before the end; the timer re-checks at least once a minute
        time.advance(Duration.ofHours(23).plusMinutes(54));
        assertThat(slot.fastValue()).as("still fresh at 23 h 54 min").isEqualTo(first);

        time.advance(Duration.ofMinutes(2));
        assertThat(slot.fastValue()).as("stale: the warm path hands over to the checked one").isNull();
        assertThat(slot.get(false).value).as("a stale token is still served while it refreshes").isEqualTo(first);

        assertThat(refreshed.await(30, TimeUnit.SECONDS)).as("the background refresh ran").isTrue();
        for (int i = 0; i < 3000 && (slot.fastValue() == null || slot.fastValue().equals(first)); i++) {
            Thread.sleep(10); // the refresher publishes right after fetching
        }
        assertThat(slot.fastValue()).as("the new token is on the warm path again").isNotNull().isNotEqualTo(first);
        assertThat(fetches).hasValue(2);
        slot.close();
    }

    @Test
    void clockOnly_neverServesUnchecked() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T08:00:00Z"));
        TokenSlot slot = new TokenSlot(KEY, (key, forced) -> Token.jwt(Secret.of(CountingIssuer.jwt(
                clock.instant().plus(Duration.ofHours(24)), "only")), clock.instant()), TimeSource.clockOnly(clock));

        assertThat(slot.get(false).value).isNotNull();
        assertThat(slot.fastValue()).as("no timer follows an injected clock: every call reads it").isNull();
    }
}
