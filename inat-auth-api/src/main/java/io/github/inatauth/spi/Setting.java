package io.github.inatauth.spi;

import java.util.Optional;

/**
 * Every setting inat-auth reads, each defined once: its environment variable, its system property,
 * its default, its kind (how {@link ProviderContext} parses and checks it) and one line of
 * documentation. Settings are read only through {@link ProviderContext#get(Setting)} and its typed
 * siblings, where a system property beats its environment variable; messages and help texts name a
 * setting by {@link #displayName()}. The README's configuration table lists exactly these.
 */
public enum Setting {
    /** The user name (credential field of the {@code env} source). */
    USERNAME("INAT_USERNAME", null, Kind.TEXT, null, "iNaturalist user name (credentials, source `env`)"),
    /** The password (credential field of the {@code env} source). */
    PASSWORD("INAT_PASSWORD", null, Kind.SECRET, null, "iNaturalist password (credentials, source `env`)"),
    /** The OAuth application id (credential field of the {@code env} source). */
    APP_ID("INAT_APP_ID", null, Kind.TEXT, null, "OAuth application id (credentials, source `env`)"),
    /** The OAuth application secret (credential field of the {@code env} source). */
    APP_SECRET("INAT_APP_SECRET", null, Kind.SECRET, null, "OAuth application secret (credentials, source `env`)"),
    /** A personal API token, used instead of the credentials. */
    API_TOKEN("INAT_API_TOKEN", "inat.auth.apiToken", Kind.SECRET, null,
            "a personal API token (from `/users/api_token`), used instead of the credentials"),
    /** A file holding the user name (Docker's and Kubernetes' {@code _FILE} convention). */
    USERNAME_FILE("INAT_USERNAME_FILE", null, Kind.PATH, null, "a file holding the user name, instead of `INAT_USERNAME`"),
    /** A file holding the password. */
    PASSWORD_FILE("INAT_PASSWORD_FILE", null, Kind.PATH, null, "a file holding the password, instead of `INAT_PASSWORD`"),
    /** A file holding the OAuth application id. */
    APP_ID_FILE("INAT_APP_ID_FILE", null, Kind.PATH, null, "a file holding the application id, instead of `INAT_APP_ID`"),
    /** A file holding the OAuth application secret. */
    APP_SECRET_FILE("INAT_APP_SECRET_FILE", null, Kind.PATH, null,
            "a file holding the application secret, instead of `INAT_APP_SECRET`"),
    /** A file holding the personal API token. */
    API_TOKEN_FILE("INAT_API_TOKEN_FILE", "inat.auth.apiTokenFile", Kind.PATH, null,
            "a file holding the personal API token, instead of `INAT_API_TOKEN`"),
    /** The credential sources to ask, in order. */
    SOURCES("INAT_AUTH_SOURCES", "inat.auth.sources", Kind.ID_LIST,
            "all discovered, `env, command, remote, keyring, file` first", "comma-separated credential source ids, in order"),
    /** The token store. */
    STORE("INAT_AUTH_STORE", "inat.auth.store", Kind.TEXT, "`file` when it is configured, else `memory`",
            "token store: `memory`, `file`, `keyring`, `remote`, `none`"),
    /** iNaturalist's site. */
    BASE_URL("INAT_AUTH_BASE_URL", "inat.auth.baseUrl", Kind.URL, "`https://www.inaturalist.org`",
            "the site, where `/oauth/token` and `/users/api_token` live"),
    /** iNaturalist's API. */
    API_URL("INAT_AUTH_API_URL", "inat.auth.apiUrl", Kind.URL,
            "base URL + `/v1` when the base URL is set, else `https://api.inaturalist.org/v1`",
            "the API, where the JWT comes from"),
    /** The file store's folder. */
    HOME("INAT_AUTH_HOME", "inat.auth.home", Kind.PATH,
            "`$XDG_CONFIG_HOME/inat-auth`, else `%APPDATA%\\inat-auth` on Windows, else `~/.config/inat-auth`",
            "folder of the file store"),
    /** The file store's passphrase. */
    PASSPHRASE("INAT_AUTH_PASSPHRASE", null, Kind.SECRET, null,
            "the file store's passphrase (or set `INAT_AUTH_KEY_FILE`, not both)"),
    /** The file store's key file. */
    KEY_FILE("INAT_AUTH_KEY_FILE", null, Kind.PATH, null, "the file store's key: a file holding a 32-byte key"),
    /** Argon2id memory for new store files. */
    ARGON2_MEMORY_KIB(null, "inat.auth.file.argon2.memoryKiB", Kind.WHOLE_NUMBER, "19456 (OWASP's minimum)",
            "Argon2id memory in KiB for new file-store files"),
    /** Argon2id iterations for new store files. */
    ARGON2_ITERATIONS(null, "inat.auth.file.argon2.iterations", Kind.WHOLE_NUMBER, "2 (OWASP's minimum)",
            "Argon2id iterations for new file-store files"),
    /** Argon2id lanes for new store files. */
    ARGON2_PARALLELISM(null, "inat.auth.file.argon2.parallelism", Kind.WHOLE_NUMBER, "1 (OWASP's minimum)",
            "Argon2id parallelism for new file-store files"),
    /** The {@code remote} source's URL. */
    REMOTE_URL("INAT_AUTH_REMOTE_URL", null, Kind.URL, null, "URL of the `remote` source (or broker): `https://`, or `file:///path` of a mounted file"),
    /** The {@code remote} source's {@code Authorization} header. */
    REMOTE_AUTHORIZATION("INAT_AUTH_REMOTE_AUTHORIZATION", null, Kind.SECRET, null,
            "value of the `Authorization` header sent to the `remote` URL"),
    /** Where the fields are in the {@code remote} answer. */
    REMOTE_POINTER("INAT_AUTH_REMOTE_POINTER", null, Kind.TEXT, "the whole answer",
            "JSON Pointer to the object holding the fields in the `remote` answer"),
    /** The keyring collection. */
    KEYRING_COLLECTION("INAT_AUTH_KEYRING_COLLECTION", "inat.auth.keyring.collection", Kind.TEXT, "`default`",
            "Secret Service collection (alias or label) the keyring uses on Linux"),
    /** Extra trusted certificate authorities. */
    CA_FILE("INAT_AUTH_CA_FILE", "inat.auth.caFile", Kind.PATH, null,
            "PEM file of extra trusted certificate authorities (see the README)"),
    /** The application's name in the {@code User-Agent}. */
    USER_AGENT("INAT_AUTH_USER_AGENT", "inat.auth.userAgent", Kind.TEXT, null,
            "application name put before `inat-auth/<version>` in the `User-Agent` (see the README)"),
    /** A command that prints credentials. */
    CREDENTIAL_COMMAND("INAT_AUTH_CREDENTIAL_COMMAND", "inat.auth.credentialCommand", Kind.TEXT, null,
            "command printing credentials as JSON (source `command`, see the README)"),
    /** The HTTP retry backoff's base (tests). */
    HTTP_RETRY_DELAY(null, "inat.auth.http.retryDelayMillis", Kind.MILLISECONDS, "200",
            "base of the HTTP retry backoff in milliseconds (tests)"),
    /** How the token requests' bodies are encoded. */
    HTTP_BODY_FORMAT(null, "inat.auth.http.bodyFormat", Kind.TEXT, "`json`",
            "body of the token requests: `json` or `form`");

    /** How a setting's text is parsed and checked; a bad value is a {@code ConfigurationException} naming the setting. */
    public enum Kind {
        /** Text as given. */
        TEXT,
        /** Text that is never shown in messages or logs. */
        SECRET,
        /**
         * An absolute {@code http} or {@code https} URL with a host, taken in one form: the scheme in lower
         * case, no trailing slash. User info, a query or a fragment is refused (the first may be a
         * password that would then be printed, the others would silently change every endpoint).
         */
        URL,
        /** A file system path, made absolute. */
        PATH,
        /** Comma-separated ids; blanks are dropped. */
        ID_LIST,
        /** A whole number. */
        WHOLE_NUMBER,
        /** A duration given as a whole number of milliseconds. */
        MILLISECONDS
    }

    private final String environmentVariable;
    private final String systemProperty;
    private final Kind kind;
    private final String defaultValue;
    private final String documentation;

    Setting(String environmentVariable, String systemProperty, Kind kind, String defaultValue, String documentation) {
        this.environmentVariable = environmentVariable;
        this.systemProperty = systemProperty;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.documentation = documentation;
    }

    /** {@return the environment variable, such as {@code INAT_AUTH_STORE}; empty when only a system property sets it} */
    public Optional<String> environmentVariable() {
        return Optional.ofNullable(environmentVariable);
    }

    /** {@return the system property, such as {@code inat.auth.store}; empty when only an environment variable sets it} */
    public Optional<String> systemProperty() {
        return Optional.ofNullable(systemProperty);
    }

    /** {@return the name messages use: the environment variable, else the system property} */
    public String displayName() {
        return environmentVariable != null ? environmentVariable : systemProperty;
    }

    /** {@return how the value is parsed and checked} */
    public Kind kind() {
        return kind;
    }

    /** {@return the default as documented (Markdown); empty when unset means "not used"} */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** {@return one line saying what the setting does (Markdown)} */
    public String documentation() {
        return documentation;
    }

    /** {@return {@link #displayName()}} */
    @Override
    public String toString() {
        return displayName();
    }
}
