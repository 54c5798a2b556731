package io.github.inatauth.keyring.internal.secretservice;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.inatauth.StoreException;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/**
 * The real Secret Service of the test run (started by {@code .ci/with-keyring}), seen from the side:
 * raw D-Bus calls to inspect items, and throw-away collections that tests may lock.
 */
public final class SecretServiceFixture implements AutoCloseable {

    private static final String GNOME_INTERNAL = "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface";

    private final DBusClient bus;
    private final DBusPath session;
    private final List<String> createdCollections = new ArrayList<>();

    private SecretServiceFixture(DBusClient bus) {
        this.bus = bus;
        this.session = (DBusPath) bus.call(SecretServiceBackend.BUS_NAME, SecretServiceBackend.SERVICE_PATH,
                SecretServiceBackend.SERVICE, "OpenSession", "sv", "plain", new Variant<>(""))[1];
    }

    /**
     * The fixture, or a skipped test when this machine has no Secret Service (the only reason a
     * keyring test skips).
     */
    public static SecretServiceFixture require() {
        try {
            SecretServiceBackend.open(linux(ProviderContext.system())).close();
        } catch (StoreException e) {
            assumeTrue(!e.isAbsent(), "no Secret Service here (" + e.getMessage()
                    + "); run the tests through .ci/with-keyring");
            throw e;
        }
        String address = SecretServiceBackend.sessionBusAddresses(ProviderContext.system()).get(0);
        return new SecretServiceFixture(DBusClient.connect(address, Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    /**
     * Skips a test that writes pyinaturalist's own service {@code /inaturalist} unless the keyring is
     * the throw-away one of {@code .ci/with-keyring}: a developer's real credentials stay untouched.
     */
    public static void requireThrowAwayKeyring() {
        assumeTrue(System.getenv("INAT_AUTH_KEYRING_HOME") != null, "this test writes service /inaturalist: "
                + "it runs only inside .ci/with-keyring, whose keyring is made for the run");
    }

    /** {@code context} as seen on Linux, whatever this machine is: the Secret Service backend is chosen. */
    public static ProviderContext linux(ProviderContext context) {
        return context.toBuilder()
                .systemProperties(name -> name.equals("os.name") ? "Linux" : context.systemProperty(name).orElse(null))
                .build();
    }

    /** A context that uses {@code collection} (an object path) instead of the default one. */
    public static ProviderContext withCollection(String collection) {
        Function<String, String> system = System::getProperty;
        String property = Setting.KEYRING_COLLECTION.systemProperty().orElseThrow();
        return ProviderContext.builder().systemProperties(name -> name.equals("os.name") ? "Linux"
                : name.equals(property) ? collection : system.apply(name)).build();
    }

    /** A service name no other test uses. */
    public static String uniqueService() {
        return "/inat-auth-test/" + UUID.randomUUID();
    }

    /** The items of the default collection with these attributes (a subset match). */
    public List<String> items(Map<String, String> attributes) {
        return items("/org/freedesktop/secrets/aliases/default", attributes);
    }

    public List<String> items(String collection, Map<String, String> attributes) {
        Object found = bus.call(SecretServiceBackend.BUS_NAME, collection, SecretServiceBackend.COLLECTION,
                "SearchItems", "a{ss}", attributes)[0];
        List<String> paths = new ArrayList<>();
        for (Object item : (Collection<?>) found) {
            paths.add(((DBusPath) item).getPath());
        }
        return paths;
    }

    /** All attributes of an item. */
    public Map<String, String> attributes(String item) {
        Map<String, String> attributes = new LinkedHashMap<>();
        ((Map<?, ?>) SecretServiceBackend.property(bus, item, SecretServiceBackend.ITEM, "Attributes"))
                .forEach((name, value) -> attributes.put(String.valueOf(name), String.valueOf(value)));
        return attributes;
    }

    public String label(String item) {
        return (String) SecretServiceBackend.property(bus, item, SecretServiceBackend.ITEM, "Label");
    }

    /** Writes an item as another program might, with any attributes. */
    public String createItem(String collection, Map<String, String> attributes, String secret) {
        Map<String, Variant<?>> properties = new LinkedHashMap<>();
        properties.put(SecretServiceBackend.ITEM + ".Label", new Variant<>("written by a test"));
        properties.put(SecretServiceBackend.ITEM + ".Attributes", new Variant<>(attributes, "a{ss}"));
        Object[] value = {session, new byte[0], secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain"};
        Object[] reply = bus.call(SecretServiceBackend.BUS_NAME, collection, SecretServiceBackend.COLLECTION,
                "CreateItem", "a{sv}(oayays)b", properties, value, false);
        return ((DBusPath) reply[0]).getPath();
    }

    /**
     * A new collection with its own password (gnome-keyring's internal interface, which never
     * prompts), removed by {@link #close()}; skipped when the service is not gnome-keyring.
     */
    public String createCollection(String password) {
        Map<String, Variant<?>> properties = Map.of(SecretServiceBackend.COLLECTION + ".Label",
                new Variant<>("inat-auth test " + UUID.randomUUID()));
        try {
            Object[] reply = bus.call(SecretServiceBackend.BUS_NAME, SecretServiceBackend.SERVICE_PATH, GNOME_INTERNAL,
                    "CreateWithMasterPassword", "a{sv}(oayays)", properties, master(password));
            String path = ((DBusPath) reply[0]).getPath();
            createdCollections.add(path);
            return path;
        } catch (DBusClient.ErrorReply e) {
            assumeTrue(false, "the Secret Service here is not gnome-keyring, which tests need to make a "
                    + "collection without a prompt (" + e.name() + ")");
            throw e;
        }
    }

    public void lock(String collection) {
        bus.call(SecretServiceBackend.BUS_NAME, SecretServiceBackend.SERVICE_PATH, SecretServiceBackend.SERVICE,
                "Lock", "ao", List.of(new DBusPath(collection)));
    }

    public void unlock(String collection, String password) {
        bus.call(SecretServiceBackend.BUS_NAME, SecretServiceBackend.SERVICE_PATH, GNOME_INTERNAL,
                "UnlockWithMasterPassword", "o(oayays)", new DBusPath(collection), master(password));
    }

    public boolean isLocked(String collection) {
        return Boolean.TRUE.equals(SecretServiceBackend.property(bus, collection, SecretServiceBackend.COLLECTION, "Locked"));
    }

    private Object[] master(String password) {
        return new Object[] {session, new byte[0], password.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain"};
    }

    @Override
    public void close() {
        for (String collection : createdCollections) {
            try {
                bus.call(SecretServiceBackend.BUS_NAME, collection, SecretServiceBackend.COLLECTION, "Delete", "");
            } catch (RuntimeException e) {
                System.getLogger(SecretServiceFixture.class.getName()).log(System.Logger.Level.WARNING,
                        "could not remove test collection " + collection, e);
            }
        }
        bus.close();
    }
}
