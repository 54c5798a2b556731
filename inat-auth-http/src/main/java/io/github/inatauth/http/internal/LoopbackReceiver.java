package io.github.inatauth.http.internal;

import io.github.inatauth.ConfigurationException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A one-shot listener for the sign-in redirect on {@code 127.0.0.1}: a few lines over a
 * {@link ServerSocket}, so that the module needs no {@code jdk.httpserver}. Any local process can
 * connect, so nothing it does may end or stall the sign-in: each connection is read in its own thread
 * within a short budget, a redirect with another {@code state} is answered 400, other requests 404,
 * and the wait ends exactly at the timeout.
 */
public final class LoopbackReceiver implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 8 * 1024;
    /** How long one connection may take to send its whole request line, however slowly it trickles. */
    private static final long CONNECTION_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Connections read at once; more are closed at once (a browser opens a handful). */
    private static final int MAX_CONNECTIONS = 64;

    private final ServerSocket socket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final AtomicInteger refused = new AtomicInteger();

    private LoopbackReceiver(ServerSocket socket) {
        this.socket = socket;
    }

    /** Listens on {@code 127.0.0.1:port} (0: a free port). */
    public static LoopbackReceiver bind(int port) {
        try {
            ServerSocket s = new ServerSocket();
            // a port left in TIME_WAIT by the last sign-in is free; one with a listener still is not
            s.setReuseAddress(true);
            try {
                s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 50);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            return new LoopbackReceiver(s);
        } catch (BindException e) {
            throw new ConfigurationException("Port " + port + " on 127.0.0.1 is in use, so the sign-in cannot receive "
                    + "iNaturalist's redirect; stop what uses it or choose another port (0 picks a free one).", e);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot listen on 127.0.0.1:" + port + " for the sign-in redirect ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** How many redirects came with another {@code state} and were answered 400. */
    public int refused() {
        return refused.get();
    }

    /**
     * Waits up to {@code timeout} for a request whose query holds {@code code} or {@code error} and
     * {@code state}, answers it with the page {@code pageFor} gives for its parameters, and returns
     * them; empty when the timeout passes. Stops listening when it returns.
     */
    public Optional<Map<String, String>> await(String state, Duration timeout, Function<Map<String, String>, String> pageFor) {
        CompletableFuture<Map<String, String>> answer = new CompletableFuture<>();
        daemon("inat-auth-sign-in-listener", () -> acceptAll(state, pageFor, answer));
        try {
            return Optional.of(answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u : new UncheckedIOException(
                    new IOException("The sign-in listener failed", e.getCause()));
        } finally {
            close();
        }
    }

    private void acceptAll(String state, Function<Map<String, String>, String> pageFor,
            CompletableFuture<Map<String, String>> answer) {
        while (!answer.isDone()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    answer.completeExceptionally(new UncheckedIOException(e));
                }
                return;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(connection);
                continue;
            }
            open.add(connection);
            daemon("inat-auth-sign-in-connection", () -> {
                try {
                    serve(connection, state, pageFor, answer);
                } finally {
                    open.remove(connection);
                    closeQuietly(connection);
                    slots.release();
                }
            });
        }
    }

    private void serve(Socket connection, String state, Function<Map<String, String>, String> pageFor,
            CompletableFuture<Map<String, String>> answer) {
        try {
            Optional<Map<String, String>> params = readQuery(connection, System.nanoTime() + CONNECTION_BUDGET_NANOS);
            OutputStream out = connection.getOutputStream();
            if (params.isEmpty() || !(params.get().containsKey("code") || params.get().containsKey("error"))) {
                respond(out, 404, "Not Found", page("Not the sign-in redirect", "Nothing here."));
            } else if (!sameState(state, params.get().get("state"))) {
                refused.incrementAndGet();
                respond(out, 400, "Bad Request", page("Sign-in failed",
                        "The answer did not match this sign-in. Return to the program."));
            } else {
                try {
                    respond(out, 200, "OK", pageFor.apply(params.get()));
                } finally {
                    answer.complete(params.get()); // the answer counts even if the browser went away
                }
            }
        } catch (IOException e) {
            // a connection that was too slow, or went away: it does not end the sign-in
        }
    }

    private static boolean sameState(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    /** The query parameters of a {@code GET} request line read before {@code until}; empty when it is something else. */
    private static Optional<Map<String, String>> readQuery(Socket connection, long until) throws IOException {
        InputStream in = new BufferedInputStream(connection.getInputStream());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (;;) {
            long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("request line not complete in time");
            }
            connection.setSoTimeout((int) left);
            int b = in.read();
            if (b == -1 || head.size() >= MAX_HEAD_BYTES) {
                break;
            }
            head.write(b);
            if (b == '\n') {
                break; // the request line is all we need
            }
        }
        String line = head.toString(StandardCharsets.ISO_8859_1).strip();
        String[] parts = line.split(" ");
        if (parts.length != 3 || !parts[0].equals("GET")) {
            return Optional.empty();
        }
        String target = parts[1];
        int q = target.indexOf('?');
        if (q < 0) {
            return Optional.of(Map.of());
        }
        Map<String, String> params = new LinkedHashMap<>();
        try {
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(params);
    }

    private static void respond(OutputStream out, int status, String reason, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/html; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** A small page with fixed text (never text from the request: this is a page on localhost). */
    public static String page(String title, String text) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>"
                + title + "</h1><p>" + text + "</p></body></html>\n";
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do about a failure to close
        }
    }

    /** Stops listening and drops the connections still being read. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a listening socket: nothing to do about a failure
        }
        open.forEach(LoopbackReceiver::closeQuietly);
    }
}
