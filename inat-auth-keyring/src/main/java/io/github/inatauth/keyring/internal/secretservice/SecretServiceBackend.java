package io.github.inatauth.keyring.internal.secretservice;

import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import io.github.inatauth.keyring.internal.KeyringBackend;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/**
 * The freedesktop Secret Service (gnome-keyring, KeePassXC, KWallet 6) over the D-Bus session bus,
 * storing entries exactly as Python's {@code keyring} does: items of the default collection with the
 * attributes {@code service}, {@code username} and {@code application = Python keyring library},
 * looked up by {@code service} + {@code username}.
 *
 * <p>It never asks the user anything: a locked collection is reported as {@code LOCKED} and any
 * prompt the service hands back is dismissed, so no unlock dialog appears and nothing waits for one.
 */
public final class SecretServiceBackend implements KeyringBackend {

    /** What to do when there is no Secret Service to talk to. */
    static final String HINT = "the OS keyring needs a D-Bus session with a Secret Service (gnome-keyring, "
            + "KeePassXC): log in to a desktop session, or run the program inside `dbus-run-session` with "
            + "`gnome-keyring-daemon --unlock` started, or choose another source or store";

    /** Environment variable or system property naming the collection: an alias or an object path. */

    static final String BUS_NAME = "org.freedesktop.secrets";
    static final String SERVICE_PATH = "/org/freedesktop/secrets";
    static final String SERVICE = "org.freedesktop.Secret.Service";
    static final String COLLECTION = "org.freedesktop.Secret.Collection";
    static final String ITEM = "org.freedesktop.Secret.Item";
    static final String PROMPT = "org.freedesktop.Secret.Prompt";
    static final String PROPERTIES = "org.freedesktop.DBus.Properties";
    /** The {@code application} attribute Python's keyring writes; the same value keeps one item per entry. */
    static final String APPLICATION = "Python keyring library";

    /**
     * The most finding out whether a bus answers may take, over all addresses: a live bus is a local
     * socket that answers in milliseconds, so a dead or mute one costs every command at most this.
     */
    static final Duration MAX_PROBE = Duration.ofMillis(400);
    /** The most dbus-java's connect may take once the bus answered (its first use loads much). */
    private static final Duration MAX_CONNECT = Duration.ofSeconds(5);
    private static final String ABSTRACT = "unix:abstract=";
    private static final Duration MAX_CALL = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(SecretServiceBackend.class.getName());

    /** One connection to the bus and the Secret Service session opened on it. */
    private record Connection(DBusClient bus, SecretSession session) {
        void close() {
            try {
                bus.call(BUS_NAME, session.path().getPath(), "org.freedesktop.Secret.Session", "Close", "");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the Secret Service session", e);
            }
            bus.close();
        }
    }

    private final ProviderContext context;
    private final String collection;
    private final String collectionLabel;
    // replaced when the bus connection drops or the service forgets our session (it restarted)
    private volatile Connection current;

    private SecretServiceBackend(ProviderContext context, Connection current, String collection, String collectionLabel) {
        this.context = context;
        this.current = current;
        this.collection = collection;
        this.collectionLabel = collectionLabel;
    }

    /**
     * Connects to the session bus named by {@code context}'s environment, opens a session with the
     * Secret Service and finds the collection (the {@code default} alias unless
     * {@link Setting#KEYRING_COLLECTION} names another). Throws {@code UNAVAILABLE} when any of these is
     * missing.
     */
    public static SecretServiceBackend open(ProviderContext context) {
        Connection connection = connect(context);
        try {
            String wanted = context.get(Setting.KEYRING_COLLECTION).orElse("default");
            String collection = resolveCollection(connection.bus(), wanted);
            return new SecretServiceBackend(context, connection, collection, label(connection.bus(), collection));
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static Connection connect(ProviderContext context) {
        List<String> addresses = sessionBusAddresses(context);
        if (addresses.isEmpty()) {
            throw new StoreException(Kind.UNAVAILABLE,
                    "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); " + HINT);
        }
        Duration callTimeout = min(context.requestTimeout(), MAX_CALL);
        long deadline = System.nanoTime() + min(context.connectTimeout(), MAX_PROBE).toNanos();
        DBusClient bus = null;
        List<String> failures = new ArrayList<>();
        StoreException failure = null;
        for (String address : addresses) {
            if (address.startsWith(ABSTRACT)) {
                // Java's Unix sockets have no abstract namespace (dbus-launch, some containers, WSL use it)
                failures.add("the abstract socket " + address + " cannot be reached from Java; set "
                        + "DBUS_SESSION_BUS_ADDRESS to a unix:path= address or provide $XDG_RUNTIME_DIR/bus");
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                failures.add(address + " was not tried (time is up)");
                continue;
            }
            try {
                bus = DBusClient.connect(address, Duration.ofNanos(left), min(context.connectTimeout(), MAX_CONNECT),
                        callTimeout);
                break;
            } catch (StoreException e) {
                failure = e;
                failures.add(e.getMessage().replace("; " + HINT, ""));
            }
        }
        if (bus == null) {
            if (failures.size() == 1 && failure != null) {
                throw failure;
            }
            throw new StoreException(Kind.UNAVAILABLE, "no usable D-Bus session bus: " + String.join("; ", failures)
                    + "; " + HINT, failure);
        }
        try {
            return new Connection(bus, openSession(bus));
        } catch (RuntimeException e) {
            bus.close();
            throw e;
        }
    }

    /**
     * The session bus addresses to try: the variable's, then the systemd user bus
     * ({@code $XDG_RUNTIME_DIR/bus}) if its socket exists and the variable does not name it already.
     */
    static List<String> sessionBusAddresses(ProviderContext context) {
        List<String> addresses = new ArrayList<>();
        for (String address : context.environment("DBUS_SESSION_BUS_ADDRESS").orElse("").split(";")) {
            if (!address.isBlank()) {
                addresses.add(address.trim());
            }
        }
        context.environment("XDG_RUNTIME_DIR")
                .map(dir -> Path.of(dir, "bus"))
                .filter(Files::exists)
                .map(socket -> "unix:path=" + socket)
                .filter(fallback -> !addresses.contains(fallback))
                .ifPresent(addresses::add);
        return addresses;
    }

    private static SecretSession openSession(DBusClient bus) {
        try {
            return SecretSession.open(bus);
        } catch (DBusClient.ErrorReply e) {
            if (e.name().startsWith("org.freedesktop.DBus.Error.ServiceUnknown")
                    || e.name().startsWith("org.freedesktop.DBus.Error.NameHasNoOwner")
                    || e.name().startsWith("org.freedesktop.DBus.Error.Spawn")
                    || e.name().startsWith("org.freedesktop.DBus.Error.NoReply")) {
                throw new StoreException(Kind.UNAVAILABLE, "no Secret Service on the D-Bus session bus at "
                        + bus.address() + " (" + e.name() + "); " + HINT);
            }
            throw unexpected("open a session", e);
        }
    }

    private static String resolveCollection(DBusClient bus, String wanted) {
        if (wanted.startsWith("/")) {
            return wanted;
        }
        try {
            String path = ((DBusPath) bus.call(BUS_NAME, SERVICE_PATH, SERVICE, "ReadAlias", "s", wanted)[0]).getPath();
            if (path.equals("/")) {
                throw new StoreException(Kind.UNAVAILABLE, "the Secret Service has no '" + wanted
                        + "' collection; create a keyring and make it the default (for example with Seahorse, "
                        + "or by starting `gnome-keyring-daemon --unlock` with the password on stdin)");
            }
            return path;
        } catch (DBusClient.ErrorReply e) {
            throw unexpected("read the collection alias '" + wanted + "'", e);
        }
    }

    private static String label(DBusClient bus, String collection) {
        try {
            return String.valueOf(property(bus, collection, COLLECTION, "Label"));
        } catch (DBusClient.ErrorReply e) {
            throw new StoreException(Kind.UNAVAILABLE, "the Secret Service has no collection at " + collection
                    + " (" + e.name() + "); check " + Setting.KEYRING_COLLECTION + " / -D"
                    + Setting.KEYRING_COLLECTION.systemProperty().orElseThrow(), e);
        }
    }

    @Override
    public Optional<String> get(String service, String entry) {
        return Optional.ofNullable(getAll(service, List.of(entry)).get(entry));
    }

    @Override
    public Map<String, String> getAll(String service, List<String> entries) {
        return reconnecting(() -> getAllOnce(service, entries));
    }

    @Override
    public void set(String service, String entry, String value) {
        reconnecting(() -> {
            setOnce(service, entry, value);
            return null;
        });
    }

    @Override
    public boolean delete(String service, String entry) {
        return reconnecting(() -> deleteOnce(service, entry));
    }

    @Override
    public List<String> entries(String service) {
        return reconnecting(() -> entriesOnce(service));
    }

    /** Whether the collection is locked now. */
    public boolean isLocked() {
        return reconnecting(this::isLockedOnce);
    }

    private Map<String, String> getAllOnce(String service, List<String> entries) {
        // the secrets must be decrypted with the key of the session they were asked with
        Connection connection = current;
        Map<String, DBusPath> items = new LinkedHashMap<>();
        for (String entry : entries) {
            newest(search(service, entry)).ifPresent(item -> items.put(entry, item));
        }
        if (items.isEmpty()) {
            return Map.of();
        }
        // no separate lock check: the service leaves locked items out of the answer (handled below)
        Map<?, ?> secrets;
        try {
            secrets = (Map<?, ?>) connection.bus().call(BUS_NAME, SERVICE_PATH, SERVICE, "GetSecrets", "aoo",
                    new ArrayList<>(items.values()), connection.session().path())[0];
        } catch (DBusClient.ErrorReply e) {
            throw failure("read", e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        items.forEach((entry, item) -> {
            Object secret = secrets.get(item);
            if (secret == null) {
                // the service leaves out items it would have to unlock first
                throw locked("read");
            }
            values.put(entry, connection.session().decode((Object[]) secret));
        });
        return values;
    }

    private void setOnce(String service, String entry, String value) {
        requireUnlocked("save to");
        Map<String, Variant<?>> properties = new LinkedHashMap<>();
        properties.put(ITEM + ".Label", new Variant<>("Password for '" + entry + "' on '" + service + "'"));
        properties.put(ITEM + ".Attributes", new Variant<>(attributes(service, entry, true), "a{ss}"));
        Connection connection = current;
        Object[] secret = connection.session().encode(value);
        DBusPath created;
        try {
            // replace=true: the service itself swaps an item with the same attributes, so writers
            // racing in other threads or processes still leave one item
            Object[] reply = connection.bus().call(BUS_NAME, collection, COLLECTION, "CreateItem", "a{sv}(oayays)b",
                    properties, secret, true);
            created = (DBusPath) reply[0];
            dismissIfPrompt((DBusPath) reply[1], "save to");
        } catch (DBusClient.ErrorReply e) {
            throw failure("save to", e);
        }
        // an item written by another tool (other attributes) would still match a lookup: remove it
        for (DBusPath other : search(service, entry)) {
            if (!other.equals(created)) {
                deleteItem(other);
            }
        }
    }

    private boolean deleteOnce(String service, String entry) {
        List<DBusPath> items = search(service, entry);
        if (items.isEmpty()) {
            return false;
        }
        requireUnlocked("delete from");
        items.forEach(this::deleteItem);
        return true;
    }

    private List<String> entriesOnce(String service) {
        List<String> names = new ArrayList<>();
        for (DBusPath item : searchAttributes(Map.of("service", service))) {
            try {
                Object attributes = property(bus(), item.getPath(), ITEM, "Attributes");
                if (attributes instanceof Map<?, ?> map && map.get("username") instanceof String name
                        && !names.contains(name)) {
                    names.add(name);
                }
            } catch (DBusClient.ErrorReply e) {
                LOG.log(System.Logger.Level.DEBUG, "item vanished while listing: {0}", item);
            }
        }
        return names;
    }

    /** Whether secrets travel encrypted on the bus (the service accepted the DH session). */
    boolean isEncrypted() {
        return session().isEncrypted();
    }

    @Override
    public String describe() {
        return "Secret Service collection '" + collectionLabel + "'";
    }

    private boolean isLockedOnce() {
        try {
            return Boolean.TRUE.equals(property(bus(), collection, COLLECTION, "Locked"));
        } catch (DBusClient.ErrorReply e) {
            throw failure("read the state of", e);
        }
    }

    @Override
    public void close() {
        current.close();
    }

    private DBusClient bus() {
        return current.bus();
    }

    private SecretSession session() {
        return current.session();
    }

    /** The session path, for tests. */
    String sessionPath() {
        return session().path().getPath();
    }

    /** Closes the session but keeps using it, as if the service had restarted; for tests. */
    void forgetSession() {
        bus().call(BUS_NAME, sessionPath(), "org.freedesktop.Secret.Session", "Close", "");
    }

    /** Drops the bus connection, as a bus that went away would; for tests. */
    void dropConnection() {
        bus().close();
    }

    /**
     * Runs {@code operation}; when it failed because the connection dropped or the service no longer
     * knows our session (it was restarted), connects again once and runs it again. Every operation
     * here can run twice safely: writes replace, deletes of gone items are ignored.
     */
    private <T> T reconnecting(Supplier<T> operation) {
        Connection used = current;
        try {
            return operation.get();
        } catch (StoreException e) {
            if (used.bus().isConnected() && !forgotSession(e)) {
                throw e;
            }
            synchronized (this) {
                if (current == used) {
                    LOG.log(System.Logger.Level.DEBUG, "connecting to the Secret Service again: {0}", e.getMessage());
                    current = connect(context);
                    used.close();
                }
            }
            return operation.get();
        }
    }

    private static boolean forgotSession(StoreException e) {
        return e.getCause() instanceof DBusClient.ErrorReply reply
                && (reply.name().equals("org.freedesktop.Secret.Error.NoSession")
                || reply.name().equals("org.freedesktop.DBus.Error.ServiceUnknown"));
    }

    @Override
    public String toString() {
        return "SecretServiceBackend[" + collection + "]";
    }

    private List<DBusPath> search(String service, String entry) {
        return searchAttributes(attributes(service, entry, false));
    }

    private List<DBusPath> searchAttributes(Map<String, String> attributes) {
        try {
            Object found = bus().call(BUS_NAME, collection, COLLECTION, "SearchItems", "a{ss}", attributes)[0];
            List<DBusPath> items = new ArrayList<>();
            for (Object item : (Collection<?>) found) {
                items.add((DBusPath) item);
            }
            return items;
        } catch (DBusClient.ErrorReply e) {
            throw failure("search", e);
        }
    }

    /** Of several items for one entry (written by different tools), the last modified one. */
    private Optional<DBusPath> newest(List<DBusPath> items) {
        if (items.size() <= 1) {
            return items.stream().findFirst();
        }
        return items.stream().max(Comparator.comparingLong(item -> {
            try {
                return ((Number) property(bus(), item.getPath(), ITEM, "Modified")).longValue();
            } catch (DBusClient.ErrorReply e) {
                return Long.MIN_VALUE;
            }
        }));
    }

    private void deleteItem(DBusPath item) {
        try {
            Object[] reply = bus().call(BUS_NAME, item.getPath(), ITEM, "Delete", "");
            dismissIfPrompt((DBusPath) reply[0], "delete from");
        } catch (DBusClient.ErrorReply e) {
            if (!e.name().equals("org.freedesktop.Secret.Error.NoSuchObject")
                    && !e.name().equals("org.freedesktop.DBus.Error.UnknownMethod")
                    && !e.name().equals("org.freedesktop.DBus.Error.UnknownObject")) {
                throw failure("delete from", e);
            }
            // another writer removed it first
        }
    }

    @Override
    public void requireUnlocked() {
        reconnecting(() -> {
            requireUnlocked("use");
            return null;
        });
    }

    private void requireUnlocked(String action) {
        if (isLockedOnce()) {
            throw locked(action);
        }
    }

    /** A prompt means the service wants the user to unlock something: refuse instead of waiting. */
    private void dismissIfPrompt(DBusPath prompt, String action) {
        if (prompt != null && !prompt.getPath().equals("/")) {
            try {
                bus().call(BUS_NAME, prompt.getPath(), PROMPT, "Dismiss", "");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "dismissing a Secret Service prompt", e);
            }
            throw locked(action);
        }
    }

    private StoreException locked(String action) {
        return new StoreException(Kind.LOCKED, "cannot " + action + " the OS keyring: the " + describe()
                + " is locked; unlock it (log in to the desktop session, or open Seahorse / your keyring "
                + "manager and unlock it) and try again");
    }

    private StoreException failure(String action, DBusClient.ErrorReply e) {
        if (e.name().equals("org.freedesktop.Secret.Error.IsLocked")) {
            return locked(action);
        }
        return unexpected(action + " the " + describe(), e);
    }

    private static StoreException unexpected(String action, DBusClient.ErrorReply e) {
        return new StoreException(Kind.IO, "the Secret Service failed to " + action + " (" + e.getMessage() + ")", e);
    }

    private static Map<String, String> attributes(String service, String entry, boolean forWriting) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (forWriting) {
            attributes.put("application", APPLICATION);
        }
        attributes.put("service", service);
        attributes.put("username", entry);
        return attributes;
    }

    static Object property(DBusClient bus, String path, String iface, String name) {
        Object value = bus.call(BUS_NAME, path, PROPERTIES, "Get", "ss", iface, name)[0];
        return value instanceof Variant<?> variant ? variant.getValue() : value;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
