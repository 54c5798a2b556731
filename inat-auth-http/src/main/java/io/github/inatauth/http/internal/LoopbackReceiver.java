package io.github.inatauth.http.internal;

import io.github.inatauth.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A one-shot listener for the sign-in redirect on {@code 127.0.0.1}: a few lines over a
 * {@link ServerSocket}, so that the module needs no {@code jdk.httpserver}. Requests that are not the
 * redirect (a favicon, a browser's speculative connection) are answered 404 or dropped, and it keeps
 * waiting until the deadline.
 */
public final class LoopbackReceiver implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 8 * 1024;
    /** How long one connection may take to send its request line. */
    private static final int READ_TIMEOUT_MILLIS = 2000;

    private final ServerSocket socket;

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
                s.bind(new java.net.InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 16);
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

    /**
     * Waits for a request whose query holds {@code code} or {@code error}, answers it with the page
     * {@code pageFor} gives for its parameters, and returns them; empty when the deadline passes.
     */
    public Optional<Map<String, String>> await(Instant deadline, Clock clock, Function<Map<String, String>, String> pageFor) {
        for (;;) {
            long left = Duration.between(clock.instant(), deadline).toMillis();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                try (Socket connection = socket.accept()) {
                    connection.setSoTimeout((int) Math.min(left, READ_TIMEOUT_MILLIS));
                    Optional<Map<String, String>> params = readQuery(connection.getInputStream());
                    OutputStream out = connection.getOutputStream();
                    if (params.isPresent() && (params.get().containsKey("code") || params.get().containsKey("error"))) {
                        respond(out, 200, "OK", pageFor.apply(params.get()));
                        return params;
                    }
                    respond(out, 404, "Not Found", page("Not the sign-in redirect", "Nothing here."));
                } catch (SocketTimeoutException e) {
                    // a connection that sent nothing in time, or no connection: look at the deadline again
                } catch (IOException e) {
                    // one bad connection does not end the sign-in
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The query parameters of a {@code GET} request line; empty when it is something else. */
    private static Optional<Map<String, String>> readQuery(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && head.size() < MAX_HEAD_BYTES) {
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

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a listening socket: nothing to do about a failure
        }
    }
}
