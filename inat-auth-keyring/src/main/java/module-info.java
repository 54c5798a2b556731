/**
 * OS keyring credential source and token store, both with id {@code keyring}: the Secret Service
 * over D-Bus on Linux (the entries Python's {@code keyring}, and so pyinaturalist, reads and writes),
 * the macOS Keychain and the Windows Credential Manager through java-keyring.
 */
// java.keyring is an automatic module (java-keyring's jar names none); it is `requires static`, used
// only on macOS and Windows, and a missing or renamed one is reported as an unavailable keyring
@SuppressWarnings("requires-automatic")
module io.github.inatauth.keyring {
    // Keyring's methods take and return the API's Credentials and ProviderContext
    requires transitive io.github.inatauth;
    requires org.freedesktop.dbus;
    // the Unix socket transport is found by ServiceLoader; requiring it puts it in every jlink image
    requires org.freedesktop.dbus.transport.jre;
    // macOS and Windows only: add java-keyring (and its JNA jars) to the module path there
    requires static java.keyring;

    exports io.github.inatauth.keyring;

    provides io.github.inatauth.spi.CredentialSource
            with io.github.inatauth.keyring.internal.KeyringCredentialSource;
    provides io.github.inatauth.spi.TokenStoreProvider
            with io.github.inatauth.keyring.internal.KeyringTokenStoreProvider;
}
