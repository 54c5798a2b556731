package io.github.inatauth.keyring.internal.secretservice;

import io.github.inatauth.StoreException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodCall;

/**
 * A private connection to one D-Bus bus that sends method calls with explicit signatures and waits
 * for each reply at most a fixed time. Untyped calls (structs as {@code Object[]}) keep dbus-java
 * away from reflection on our classes, so nothing here needs to be opened to it.
 */
final class DBusClient implements AutoCloseable {

    /** An error reply from the other side: its D-Bus error name and its message. */
    static final class ErrorReply extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String name;

        ErrorReply(String name, String message) {
            super(name + ": " + message, null, false, false);
            this.name = name;
        }

        String name() {
            return name;
        }
    }

    private final DBusConnection connection;
    private final String address;
    private final long callTimeoutMillis;

    private DBusClient(DBusConnection connection, String address, Duration callTimeout) {
        this.connection = connection;
        this.address = address;
        this.callTimeoutMillis = Math.max(1, callTimeout.toMillis());
    }

    /**
     * Connects to {@code address} (a D-Bus address such as {@code unix:path=/run/user/1000/bus}),
     * giving up after {@code connectTimeout} (twice that with the handshake). Failing to connect means
     * there is no bus to use, so it is reported as {@code UNAVAILABLE}.
     */
    static DBusClient connect(String address, Duration probeTimeout, Duration connectTimeout, Duration callTimeout) {
        probe(address, probeTimeout);
        return connect(address, connectTimeout, callTimeout);
    }

    /**
     * For a {@code unix:path=} address: whether a bus listens there and answers, found out within
     * {@code timeout} with the JDK alone, before dbus-java's slower first connect (its class loading
     * and threads) is paid. A vanished socket or one that accepts and never answers ends here.
     */
    static void probe(String address, Duration timeout) {
        if (!address.startsWith("unix:path=")) {
            return;
        }
        String path = address.substring("unix:path=".length()).split(",", 2)[0];
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
             Selector selector = Selector.open()) {
            // a D-Bus server answers AUTH without a mechanism with the list of those it knows (REJECTED ...)
            channel.write(ByteBuffer.wrap("\0AUTH\r\n".getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            if (selector.select(Math.max(1, timeout.toMillis())) == 0) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "the D-Bus session bus at " + address
                        + " did not answer within " + timeout.toMillis() + " ms; " + SecretServiceBackend.HINT);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof StoreException s) {
                throw s;
            }
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot connect to the D-Bus session bus at "
                    + address + " (" + describe(e) + "); " + SecretServiceBackend.HINT, e);
        }
    }

    static DBusClient connect(String address, Duration connectTimeout, Duration callTimeout) {
        // dbus-java retries a refused socket until its transport timeout (10 s by default), so that is
        // set; the handshake after it has no deadline of its own, so the whole connect runs on a
        // short-lived daemon thread that is abandoned, and its connection closed, after twice as long
        int transportTimeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        long overallTimeout = 2L * transportTimeout;
        CompletableFuture<DBusConnection> pending = new CompletableFuture<>();
        Thread connector = new Thread(() -> {
            try {
                pending.complete(DBusConnectionBuilder.forAddress(address)
                        .withShared(false)
                        .transportConfig()
                        .withTimeout(transportTimeout)
                        .back()
                        .receivingThreadConfig()
                        .withSignalThreadCount(1)
                        .withErrorHandlerThreadCount(1)
                        .withMethodCallThreadCount(1)
                        .withMethodReturnThreadCount(1)
                        .connectionConfig()
                        .build());
            } catch (Throwable e) {
                pending.completeExceptionally(e);
            }
        }, "inat-auth-dbus-connect");
        connector.setDaemon(true);
        connector.start();
        try {
            return new DBusClient(pending.get(overallTimeout, TimeUnit.MILLISECONDS), address, callTimeout);
        } catch (TimeoutException e) {
            pending.thenAccept(DBusClient::closeQuietly);
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "the D-Bus session bus at " + address
                    + " did not answer within " + overallTimeout + " ms; " + SecretServiceBackend.HINT);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot connect to the D-Bus session bus at "
                    + address + " (" + describe(cause) + "); " + SecretServiceBackend.HINT, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.thenAccept(DBusClient::closeQuietly);
            throw new StoreException(StoreException.Kind.IO, "interrupted while connecting to D-Bus", e);
        }
    }

    /**
     * Calls {@code member} on the object at {@code path} of {@code destination} and returns the
     * reply's values. Throws {@link ErrorReply} for an error reply and a {@code StoreException} of
     * kind {@code IO} when no reply comes in time.
     */
    Object[] call(String destination, String path, String iface, String member, String signature, Object... args) {
        if (!connection.isConnected()) {
            throw new StoreException(StoreException.Kind.IO, "the D-Bus connection to " + address + " is closed");
        }
        try {
            MethodCall call = connection.getMessageFactory().createMethodCall(
                    destination, path, iface, member, (byte) 0, signature.isEmpty() ? null : signature, args);
            connection.sendMessage(call);
            Message reply = call.getReply(callTimeoutMillis);
            if (reply == null) {
                throw new StoreException(StoreException.Kind.IO, destination + " did not answer " + iface + "."
                        + member + " within " + callTimeoutMillis + " ms");
            }
            if (reply instanceof org.freedesktop.dbus.messages.Error error) {
                Object[] values = error.getParameters();
                String text = values.length > 0 && values[0] instanceof String s ? s : "";
                throw new ErrorReply(error.getName(), text);
            }
            return reply.getParameters();
        } catch (org.freedesktop.dbus.exceptions.DBusException
                 | org.freedesktop.dbus.exceptions.DBusExecutionException e) {
            // the second kind is unchecked: a connection that dropped while sending
            throw new StoreException(StoreException.Kind.IO, "D-Bus call " + iface + "." + member + " failed ("
                    + describe(e) + ")", e);
        }
    }

    boolean isConnected() {
        return connection.isConnected();
    }

    String address() {
        return address;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(DBusConnection connection) {
        try {
            connection.close();
        } catch (Exception e) {
            System.getLogger(DBusClient.class.getName()).log(System.Logger.Level.DEBUG, "closing D-Bus connection", e);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
