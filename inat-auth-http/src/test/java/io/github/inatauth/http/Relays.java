package io.github.inatauth.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Servers on loopback that pass bytes on: {@link TlsFront} puts HTTPS before the testkit's plain
 * server, {@link ConnectProxy} is a forward proxy that tunnels with CONNECT, as a company's proxy does.
 */
final class Relays {
    private Relays() {
    }

    /** Copies both ways between two sockets until either side closes. */
    static void pipe(Socket a, Socket b) {
        Thread back = daemon(() -> copy(b, a), "relay-back");
        back.start();
        copy(a, b);
    }

    private static void copy(Socket from, Socket to) {
        try (from; to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side went away: the relay ends
        }
    }

    static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** HTTPS on loopback before a plain HTTP server: TLS ends here, the bytes go on to {@code targetPort}. */
    static final class TlsFront implements AutoCloseable {
        private final ServerSocket server;
        final AtomicInteger handshakes = new AtomicInteger();

        TlsFront(SSLContext tls, int targetPort) throws IOException {
            server = tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            daemon(() -> {
                while (!server.isClosed()) {
                    try {
                        SSLSocket s = (SSLSocket) server.accept();
                        daemon(() -> {
                            try {
                                s.startHandshake();
                                handshakes.incrementAndGet();
                                pipe(s, new Socket(InetAddress.getLoopbackAddress(), targetPort));
                            } catch (IOException e) {
                                Relays.close(s); // an untrusting client hangs up in the handshake
                            }
                        }, "tls-front-connection").start();
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "tls-front").start();
        }

        int port() {
            return server.getLocalPort();
        }

        String url() {
            return "https://127.0.0.1:" + port();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /**
     * A forward proxy on loopback that answers CONNECT only: it counts the tunnels it opened, keeps the
     * targets and the {@code Proxy-Authorization} values it was sent, and with {@link #requireBasic}
     * answers 407 to a CONNECT without the right one.
     */
    static final class ConnectProxy implements AutoCloseable {
        private final ServerSocket server;
        final AtomicInteger tunnels = new AtomicInteger();
        final List<String> targets = new CopyOnWriteArrayList<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        private volatile String expectedAuthorization;

        ConnectProxy() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            daemon(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        daemon(() -> serve(s), "connect-proxy-connection").start();
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "connect-proxy").start();
        }

        /** From now on a tunnel needs {@code Proxy-Authorization: Basic base64(user:password)}. */
        ConnectProxy requireBasic(String user, String password) {
            expectedAuthorization = "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        private void serve(Socket client) {
            try {
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                while (true) {
                    List<String> head = readHead(in);
                    if (head.isEmpty()) {
                        Relays.close(client);
                        return;
                    }
                    String[] requestLine = head.get(0).split(" ");
                    if (!requestLine[0].equals("CONNECT")) {
                        out.write("HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        Relays.close(client);
                        return;
                    }
                    String authorization = head.stream().filter(h -> h.toLowerCase(Locale.ROOT)
                            .startsWith("proxy-authorization:")).map(h -> h.substring(h.indexOf(':') + 1).strip())
                            .findFirst().orElse(null);
                    if (authorization != null) {
                        authorizations.add(authorization);
                    }
                    String expected = expectedAuthorization;
                    if (expected != null && !expected.equals(authorization)) {
                        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic "
                                + "realm=\"test proxy\"\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        continue; // the client may answer on this connection
                    }
                    String target = requestLine[1];
                    targets.add(target);
                    int colon = target.lastIndexOf(':');
                    Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
                    tunnels.incrementAndGet();
                    out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    pipe(client, upstream);
                    return;
                }
            } catch (IOException e) {
                Relays.close(client);
            }
        }

        /** The request line and headers, up to the blank line; empty at end of stream. */
        private static List<String> readHead(InputStream in) throws IOException {
            List<String> lines = new java.util.ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String l = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
                    line.reset();
                    if (l.isEmpty()) {
                        return lines;
                    }
                    lines.add(l);
                } else {
                    line.write(b);
                }
            }
            return List.of();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
