package io.github.inatauth.internal;

import io.github.inatauth.ServerException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The token for one key, with Google-auth-style phases: FRESH (return it), STALE (return it; one
 * refresh starts in the background), EXPIRED or absent (wait for the one refresh). All callers of a
 * refresh share its result or its error (single flight).
 *
 * <p>The warm path reads one volatile field and no clock: a snapshot published as "fast" is
 * trusted until the timer replaces it with a non-fast copy at the stale deadline. The
 * {@link TimeSource} says whether a timer follows the clock: the system clock with the shared timer
 * thread, or a test's clock with a timer the test drives. With a clock alone (injected through the
 * builder) nothing is published as fast, so every call judges the phase by that clock.
 */
final class TokenSlot {

    /** Fetches a new token; {@code forced} means bypass every cache, the store included. */
    interface Fetcher {
        Token fetch(TokenKey key, boolean forced);
    }

    enum Phase { FRESH, STALE, EXPIRED }

    private static final System.Logger LOG = System.getLogger("io.github.inatauth");
    private static final long FRESH_MARGIN_MILLIS = TimeUnit.MINUTES.toMillis(5);
    private static final long EXPIRY_MARGIN_MILLIS = TimeUnit.SECONDS.toMillis(30);
    /** After a failed background refresh, the next one waits this long (the token is still valid). */
    private static final long BACKGROUND_RETRY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * The timer re-checks the wall clock at least this often. Its delays run on {@code nanoTime}, which
     * stands still while the machine is suspended, so this bounds how long after a resume a token that
     * expired meanwhile can still be served from the warm path. It costs a timer wake-up a second per
     * fast token and nothing on the warm path, which still reads one volatile field.
     */
    private static final long MAX_TIMER_DELAY_MILLIS = TimeUnit.SECONDS.toMillis(1);

    private static final VarHandle SNAPSHOT;

    static {
        try {
            SNAPSHOT = MethodHandles.lookup().findVarHandle(TokenSlot.class, "snapshot", Snapshot.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * An immutable view of the current token with its deadlines worked out once, so that judging the
     * phase costs a clock read and two comparisons; {@code fast} means the warm path may return it
     * unchecked.
     */
    static final class Snapshot {
        final Token token;
        final String value;
        final boolean fast;
        final long staleAtMillis;
        final long expiredAtMillis;

        Snapshot(Token token, boolean fast) {
            this.token = token;
            this.value = token.value().reveal();
            this.fast = fast;
            Instant exp = token.expiresAt();
            if (exp == null) {
                staleAtMillis = Long.MAX_VALUE;
                expiredAtMillis = Long.MAX_VALUE;
            } else {
                long expMillis = exp.toEpochMilli();
                // short-lived tokens (tests, odd servers) get proportionally shorter margins
                long life = Math.max(0, expMillis - token.obtainedAt().toEpochMilli());
                staleAtMillis = expMillis - Math.min(FRESH_MARGIN_MILLIS, life / 4);
                expiredAtMillis = expMillis - Math.min(EXPIRY_MARGIN_MILLIS, life / 10);
            }
        }

        private Snapshot(Snapshot s, boolean fast) {
            this.token = s.token;
            this.value = s.value;
            this.fast = fast;
            this.staleAtMillis = s.staleAtMillis;
            this.expiredAtMillis = s.expiredAtMillis;
        }

        Phase phaseAt(long nowMillis) {
            return nowMillis < staleAtMillis ? Phase.FRESH : nowMillis < expiredAtMillis ? Phase.STALE : Phase.EXPIRED;
        }
    }

    private record Flight(CompletableFuture<Snapshot> future, boolean forced) {
    }

    private final TokenKey key;
    private final Fetcher fetcher;
    private final TimeSource time;
    private final Clock clock;
    private final Duration callTimeout;
    private final AtomicReference<Flight> flight = new AtomicReference<>();
    private volatile Snapshot snapshot;
    private volatile long generation;
    private volatile long backgroundNotBefore;
    private Future<?> timer; // guarded by this

    TokenSlot(TokenKey key, Fetcher fetcher, TimeSource time) {
        this(key, fetcher, time, ProviderContext.DEFAULT_CALL_TIMEOUT);
    }

    /** {@code callTimeout}: how long a caller waits for a refresh another caller started. */
    TokenSlot(TokenKey key, Fetcher fetcher, TimeSource time, Duration callTimeout) {
        this.callTimeout = callTimeout;
        this.key = key;
        this.fetcher = fetcher;
        this.time = time;
        this.clock = time.clock();
    }

    TokenKey key() {
        return key;
    }

    /** The warm path: the token when it is known fresh without reading a clock, else null. */
    String fastValue() {
        Snapshot s = snapshot;
        return s != null && s.fast ? s.value : null;
    }

    /** The token held now, without fetching; null when there is none. */
    Token current() {
        Snapshot s = snapshot;
        return s == null ? null : s.token;
    }

    /** How many tokens this slot has fetched; lets a caller tell whether a token is newer than a moment. */
    long generation() {
        return generation;
    }

    /** The current token, refreshing as its phase requires; {@code force} always fetches a new one. */
    Snapshot get(boolean force) {
        if (!force) {
            Snapshot s = snapshot;
            if (s != null) {
                Phase p = s.phaseAt(clock.millis());
                if (p == Phase.FRESH) {
                    return s;
                }
                if (p == Phase.STALE) {
                    refreshInBackground(s);
                    return s;
                }
            }
            return await(startOrJoin(false, null, s));
        }
        return await(startOrJoin(true, null, null));
    }

    /**
     * {@link #get get(false)} without blocking the caller: a usable token completes the future at once;
     * else the refresh in flight is joined, or started on a worker of its own (a fixed pool could fill
     * with refreshes that wait for the OAuth token's refresh queued behind them). The future completes
     * with the refresh's own error, or with the call timeout's, as {@link #get} throws them.
     */
    CompletableFuture<Snapshot> getAsync() {
        Snapshot s = snapshot;
        if (s != null) {
            Phase p = s.phaseAt(clock.millis());
            if (p == Phase.FRESH) {
                return CompletableFuture.completedFuture(s);
            }
            if (p == Phase.STALE) {
                refreshInBackground(s);
                return CompletableFuture.completedFuture(s);
            }
        }
        CompletableFuture<Snapshot> flown = startOrJoin(false, Background.waitedOn(), s);
        CompletableFuture<Snapshot> mine = new CompletableFuture<>(); // the caller's own: cancelling it leaves the flight be
        Future<?> timeout = Background.timer().schedule(() -> mine.completeExceptionally(timedOut()),
                callTimeout.toNanos(), TimeUnit.NANOSECONDS);
        flown.whenComplete((done, e) -> {
            timeout.cancel(false);
            if (e == null) {
                mine.complete(done);
            } else {
                mine.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            }
        });
        return mine;
    }

    /** Drops the current token if its value is {@code value}; returns whether it did. */
    boolean dropIfValue(String value) {
        Snapshot s = snapshot;
        if (s != null && s.value.equals(value) && SNAPSHOT.compareAndSet(this, s, null)) {
            cancelTimer();
            return true;
        }
        return false;
    }

    /** Drops the current token, whatever its value (its store was cleared); the next call fetches. */
    void forget() {
        Snapshot s = snapshot;
        if (s != null && SNAPSHOT.compareAndSet(this, s, null)) {
            cancelTimer();
        }
    }

    void close() {
        cancelTimer();
    }

    /** The phase of a token that is not current (one read from a store). */
    static Phase phase(Token token, Instant now) {
        return new Snapshot(token, false).phaseAt(now.toEpochMilli());
    }

    private void refreshInBackground(Snapshot observed) {
        if (flight.get() != null || System.nanoTime() - backgroundNotBefore < 0) {
            return;
        }
        startOrJoin(false, Background.refreshers(), observed);
    }

    /**
     * Joins the refresh in flight or starts one, on this thread ({@code where} null) or on {@code where}.
     * {@code observed} is the snapshot the caller judged too old: if another refresh replaced it in the
     * meantime, the new token is used, not fetched again.
     */
    private CompletableFuture<Snapshot> startOrJoin(boolean force, Executor where, Snapshot observed) {
        for (;;) {
            Flight current = flight.get();
            if (current != null) {
                if (!force || current.forced) {
                    return current.future;
                }
                // a forced refresh must not take a token fetched without force: wait, then fly its own
                try {
                    await(current.future);
                } catch (ServerException timedOut) {
                    if (!current.future.isDone()) {
                        throw timedOut;
                    }
                } catch (RuntimeException | Error failed) {
                    // its failure is its callers'; this one flies its own
                }
                continue;
            }
            Flight mine = new Flight(new CompletableFuture<>(), force);
            if (flight.compareAndSet(null, mine)) {
                Snapshot now = snapshot;
                if (!force && now != null && now != observed && now.phaseAt(clock.millis()) == Phase.FRESH) {
                    mine.future.complete(now);
                    flight.compareAndSet(mine, null);
                    return mine.future;
                }
                if (where == null) {
                    fly(mine);
                } else {
                    where.execute(() -> fly(mine));
                }
                return mine.future;
            }
        }
    }

    private void fly(Flight f) {
        try {
            Token token = fetcher.fetch(key, f.forced);
            f.future.complete(publish(token));
        } catch (Throwable e) {
            if (!f.forced && snapshot != null) {
                backgroundNotBefore = System.nanoTime() + BACKGROUND_RETRY_NANOS;
                LOG.log(System.Logger.Level.WARNING, "Refreshing the " + key.type() + " token for "
                        + key.username() + " failed; the current one is used until it expires: " + e.getMessage());
            }
            f.future.completeExceptionally(e);
        } finally {
            flight.compareAndSet(f, null);
        }
    }

    /** Makes {@code token} current; exposed so a token loaded elsewhere can be adopted. */
    Snapshot publish(Token token) {
        Snapshot checked = new Snapshot(token, false);
        boolean fresh = checked.phaseAt(clock.millis()) == Phase.FRESH;
        Snapshot s = time.timerFollowsClock() && fresh ? new Snapshot(checked, true) : checked;
        snapshot = s;
        generation++;
        // a fetch that could give only a stale token (a broker's, a personal token the server would not
        // renew) is not repeated on the very next call: the next background refresh waits as after a failure
        backgroundNotBefore = fresh ? 0 : System.nanoTime() + BACKGROUND_RETRY_NANOS;
        if (s.fast && token.expiresAt() != null) {
            armTimer(s);
        }
        return s;
    }

    private synchronized void armTimer(Snapshot s) {
        if (timer != null) {
            timer.cancel(false);
        }
        long untilStale = s.staleAtMillis - clock.millis();
        timer = time.schedule(() -> onTimer(s), Math.max(0, Math.min(untilStale, MAX_TIMER_DELAY_MILLIS)));
    }

    private void onTimer(Snapshot s) {
        if (snapshot != s) {
            return;
        }
        if (s.phaseAt(clock.millis()) == Phase.FRESH) {
            armTimer(s); // woke early (the timer re-checks at least once a second)
        } else {
            SNAPSHOT.compareAndSet(this, s, new Snapshot(s, false));
        }
    }

    private synchronized void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private ServerException timedOut() {
        return new ServerException("No " + key.type() + " token within the call timeout of "
                + callTimeout.toMillis() / 1000.0 + " s: waited for the refresh another call started for user '"
                + key.username() + "' (it goes on; a later call gets its token).", null);
    }

    /**
     * The refresh's result. A caller that joined a refresh started elsewhere waits at most the call
     * timeout; the refresh goes on and a later call gets its token.
     */
    private Snapshot await(CompletableFuture<Snapshot> future) {
        try {
            return future.get(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw timedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException("Interrupted while waiting for the " + key.type() + " token.", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r; // the same error for every waiter
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }
}
