package io.github.inatauth.keyring.internal.secretservice;

import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import io.github.inatauth.keyring.internal.KeyringBackend;
import io.github.inatauth.spi.ProviderContext;
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
    public static final String COLLECTION_VARIABLE = "INAT_AUTH_KEYRING_COLLECTION";
    public static final String COLLECTION_PROPERTY = "inat.auth.keyring.collection";

    static final String BUS_NAME = "org.freedesktop.secrets";
    static final String SERVICE_PATH = "/org/freedesktop/secrets";
    static final String SERVICE = "org.freedesktop.Secret.Service";
    static final String COLLECTION = "org.freedesktop.Secret.Collection";
    static final String ITEM = "org.freedesktop.Secret.Item";
    static final String PROMPT = "org.freedesktop.Secret.Prompt";
    static final String PROPERTIES = "org.freedesktop.DBus.Properties";
    /** The {@code application} attribute Python's keyring writes; the same value keeps one item per entry. */
    static final String APPLICATION = "Python keyring library";

    private static final Duration MAX_CONNECT = Duration.ofSeconds(5);
    private static final Duration MAX_CALL = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(SecretServiceBackend.class.getName());

    private final DBusClient bus;
    private final SecretSession session;
    private final String collection;
    private final String collectionLabel;

    private SecretServiceBackend(DBusClient bus, SecretSession session, String collection, String collectionLabel) {
        this.bus = bus;
        this.session = session;
        this.collection = collection;
        this.collectionLabel = collectionLabel;
    }

    /**
     * Connects to the session bus named by {@code context}'s environment, opens a session with the
     * Secret Service and finds the collection (the {@code default} alias unless
     * {@value #COLLECTION_VARIABLE} names another). Throws {@code UNAVAILABLE} when any of these is
     * missing.
     */
    public static SecretServiceBackend open(ProviderContext context) {
        List<String> addresses = sessionBusAddresses(context);
        if (addresses.isEmpty()) {
            throw new StoreException(Kind.UNAVAILABLE,
                    "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); " + HINT);
        }
        Duration connectTimeout = min(context.connectTimeout(), MAX_CONNECT);
        Duration callTimeout = min(context.requestTimeout(), MAX_CALL);
        DBusClient bus = null;
        StoreException failure = null;
        for (String address : addresses) {
            try {
                bus = DBusClient.connect(address, connectTimeout, callTimeout);
                break;
            } catch (StoreException e) {
                failure = e;
            }
        }
        if (bus == null) {
            throw failure;
        }
        try {
            SecretSession session = openSession(bus);
            String wanted = context.setting(COLLECTION_VARIABLE, COLLECTION_PROPERTY).orElse("default");
            String collection = resolveCollection(bus, wanted);
            return new SecretServiceBackend(bus, session, collection, label(bus, collection));
        } catch (RuntimeException e) {
            bus.close();
            throw e;
        }
    }

    /** The session bus addresses to try: the variable's, else the systemd user bus if its socket exists. */
    static List<String> sessionBusAddresses(ProviderContext context) {
        Optional<String> variable = context.environment("DBUS_SESSION_BUS_ADDRESS");
        if (variable.isPresent()) {
            List<String> addresses = new ArrayList<>();
            for (String address : variable.get().split(";")) {
                if (!address.isBlank()) {
                    addresses.add(address.trim());
                }
            }
            return addresses;
        }
        return context.environment("XDG_RUNTIME_DIR")
                .map(dir -> Path.of(dir, "bus"))
                .filter(Files::exists)
                .map(socket -> List.of("unix:path=" + socket))
                .orElse(List.of());
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
                    + " (" + e.name() + "); check " + COLLECTION_VARIABLE + " / -D" + COLLECTION_PROPERTY, e);
        }
    }

    @Override
    public Optional<String> get(String service, String entry) {
        return Optional.ofNullable(getAll(service, List.of(entry)).get(entry));
    }

    @Override
    public Map<String, String> getAll(String service, List<String> entries) {
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
            secrets = (Map<?, ?>) bus.call(BUS_NAME, SERVICE_PATH, SERVICE, "GetSecrets", "aoo",
                    new ArrayList<>(items.values()), session.path())[0];
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
            values.put(entry, session.decode((Object[]) secret));
        });
        return values;
    }

    @Override
    public void set(String service, String entry, String value) {
        requireUnlocked("save to");
        Map<String, Variant<?>> properties = new LinkedHashMap<>();
        properties.put(ITEM + ".Label", new Variant<>("Password for '" + entry + "' on '" + service + "'"));
        properties.put(ITEM + ".Attributes", new Variant<>(attributes(service, entry, true), "a{ss}"));
        Object[] secret = session.encode(value);
        DBusPath created;
        try {
            // replace=true: the service itself swaps an item with the same attributes, so writers
            // racing in other threads or processes still leave one item
            Object[] reply = bus.call(BUS_NAME, collection, COLLECTION, "CreateItem", "a{sv}(oayays)b",
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

    @Override
    public boolean delete(String service, String entry) {
        List<DBusPath> items = search(service, entry);
        if (items.isEmpty()) {
            return false;
        }
        requireUnlocked("delete from");
        items.forEach(this::deleteItem);
        return true;
    }

    @Override
    public List<String> entries(String service) {
        List<String> names = new ArrayList<>();
        for (DBusPath item : searchAttributes(Map.of("service", service))) {
            try {
                Object attributes = property(bus, item.getPath(), ITEM, "Attributes");
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
        return session.isEncrypted();
    }

    @Override
    public String describe() {
        return "Secret Service collection '" + collectionLabel + "'";
    }

    /** Whether the collection is locked now. */
    public boolean isLocked() {
        try {
            return Boolean.TRUE.equals(property(bus, collection, COLLECTION, "Locked"));
        } catch (DBusClient.ErrorReply e) {
            throw failure("read the state of", e);
        }
    }

    @Override
    public void close() {
        try {
            bus.call(BUS_NAME, session.path().getPath(), "org.freedesktop.Secret.Session", "Close", "");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the Secret Service session", e);
        }
        bus.close();
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
            Object found = bus.call(BUS_NAME, collection, COLLECTION, "SearchItems", "a{ss}", attributes)[0];
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
                return ((Number) property(bus, item.getPath(), ITEM, "Modified")).longValue();
            } catch (DBusClient.ErrorReply e) {
                return Long.MIN_VALUE;
            }
        }));
    }

    private void deleteItem(DBusPath item) {
        try {
            Object[] reply = bus.call(BUS_NAME, item.getPath(), ITEM, "Delete", "");
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
        requireUnlocked("use");
    }

    private void requireUnlocked(String action) {
        if (isLocked()) {
            throw locked(action);
        }
    }

    /** A prompt means the service wants the user to unlock something: refuse instead of waiting. */
    private void dismissIfPrompt(DBusPath prompt, String action) {
        if (prompt != null && !prompt.getPath().equals("/")) {
            try {
                bus.call(BUS_NAME, prompt.getPath(), PROMPT, "Dismiss", "");
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
