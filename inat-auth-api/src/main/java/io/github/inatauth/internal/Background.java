package io.github.inatauth.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every {@code InatAuth} in the process shares: one timer that marks tokens stale at
 * their deadline, a small pool for refreshes that run while callers keep the current token, and a
 * pool that grows as needed for work someone waits on (an asynchronous caller's cold token, a
 * credential command's output): a fixed pool there could fill with tasks that wait for tasks queued
 * behind them. Daemon threads, created on first use and ended when idle: no thread per instance.
 */
final class Background {
    private Background() {
    }

    private static final class Holder {
        static final ScheduledThreadPoolExecutor TIMER = timer();
        static final ThreadPoolExecutor REFRESHERS = refreshers();
        static final ThreadPoolExecutor WAITED_ON = waitedOn();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("inat-auth-timer"));
            t.setRemoveOnCancelPolicy(true);
            t.setKeepAliveTime(30, TimeUnit.SECONDS);
            t.allowCoreThreadTimeOut(true);
            return t;
        }

        private static ThreadPoolExecutor refreshers() {
            ThreadPoolExecutor p = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    daemon("inat-auth-refresh"));
            p.allowCoreThreadTimeOut(true);
            return p;
        }

        private static ThreadPoolExecutor waitedOn() {
            // no queue: each task gets a thread at once (as many as there are flights and commands running)
            return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    daemon("inat-auth-worker"));
        }
    }

    static ScheduledExecutorService timer() {
        return Holder.TIMER;
    }

    static Executor refreshers() {
        return Holder.REFRESHERS;
    }

    /** Runs each task on a thread of its own at once (reused when idle): for work a caller waits on. */
    static Executor waitedOn() {
        return Holder.WAITED_ON;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
