package io.github.inatauth;

import io.github.inatauth.spi.Setting;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Username, password, app id and app secret. Any field may be {@code null} in what one source
 * gives; the credential chain merges sources field by field. The secret fields are {@link Secret}s,
 * so the generated {@code toString} never shows them.
 *
 * @param username the iNaturalist login, or null
 * @param password the password, or null
 * @param appId the app (OAuth client) id, or null
 * @param appSecret the app (OAuth client) secret, or null
 */
public record Credentials(String username, Secret password, String appId, Secret appSecret) {

    private static final Credentials EMPTY = new Credentials(null, null, null, null);

    /** The four fields, with the names pyinaturalist uses for its keyring entries and variables. */
    public enum Field {
        /** The iNaturalist login. */
        USERNAME("username", Setting.USERNAME),
        /** The password (secret). */
        PASSWORD("password", Setting.PASSWORD),
        /** The app (OAuth client) id. */
        APP_ID("app_id", Setting.APP_ID),
        /** The app (OAuth client) secret (secret). */
        APP_SECRET("app_secret", Setting.APP_SECRET);

        private final String key;
        private final Setting setting;

        Field(String key, Setting setting) {
            this.key = key;
            this.setting = setting;
        }

        /** {@return the name pyinaturalist uses: {@code username}, {@code password}, {@code app_id}, {@code app_secret}} */
        public String key() {
            return key;
        }

        /** {@return the environment variable: {@code INAT_USERNAME}, {@code INAT_PASSWORD}, {@code INAT_APP_ID}, {@code INAT_APP_SECRET}} */
        public String environmentVariable() {
            return setting.displayName();
        }

        /** {@return whether the value of this field is secret} */
        public boolean isSecret() {
            return this == PASSWORD || this == APP_SECRET;
        }
    }

    /**
     * Empty strings count as absent.
     *
     * @param username the iNaturalist login, or null
     * @param password the password, or null
     * @param appId the app (OAuth client) id, or null
     * @param appSecret the app (OAuth client) secret, or null
     */
    public Credentials {
        username = blankToNull(username);
        appId = blankToNull(appId);
    }

    /** {@return credentials without any field} */
    public static Credentials empty() {
        return EMPTY;
    }

    /**
     * All four fields from plain strings; {@code null} or empty means absent.
     *
     * @param username the iNaturalist login, or null
     * @param password the password, or null
     * @param appId the app (OAuth client) id, or null
     * @param appSecret the app (OAuth client) secret, or null
     * @return the credentials
     */
    public static Credentials of(String username, String password, String appId, String appSecret) {
        return new Credentials(username, Secret.ofNullable(password), appId, Secret.ofNullable(appSecret));
    }

    /**
     * A copy with another username.
     *
     * @param value the username, or null for none
     * @return the copy
     */
    public Credentials withUsername(String value) {
        return new Credentials(value, password, appId, appSecret);
    }

    /**
     * A copy with another password.
     *
     * @param value the password, or null for none
     * @return the copy
     */
    public Credentials withPassword(String value) {
        return new Credentials(username, Secret.ofNullable(value), appId, appSecret);
    }

    /**
     * A copy with another app id.
     *
     * @param value the app id, or null for none
     * @return the copy
     */
    public Credentials withAppId(String value) {
        return new Credentials(username, password, value, appSecret);
    }

    /**
     * A copy with another app secret.
     *
     * @param value the app secret, or null for none
     * @return the copy
     */
    public Credentials withAppSecret(String value) {
        return new Credentials(username, password, appId, Secret.ofNullable(value));
    }

    /**
     * Whether the field has a value.
     *
     * @param field the field
     * @return true when it is present
     */
    public boolean has(Field field) {
        return switch (field) {
            case USERNAME -> username != null;
            case PASSWORD -> password != null;
            case APP_ID -> appId != null;
            case APP_SECRET -> appSecret != null;
        };
    }

    /**
     * The field's value as text; for secret fields this reveals the secret.
     *
     * @param field the field
     * @return its value, or null when absent
     */
    public String value(Field field) {
        return switch (field) {
            case USERNAME -> username;
            case PASSWORD -> password == null ? null : password.reveal();
            case APP_ID -> appId;
            case APP_SECRET -> appSecret == null ? null : appSecret.reveal();
        };
    }

    /** {@return the fields that have a value, in declaration order} */
    public Set<Field> presentFields() {
        Set<Field> present = EnumSet.noneOf(Field.class);
        for (Field f : Field.values()) {
            if (has(f)) {
                present.add(f);
            }
        }
        return present;
    }

    /** {@return the fields that still need a value, in declaration order} */
    public List<Field> missingFields() {
        List<Field> missing = new ArrayList<>();
        for (Field f : Field.values()) {
            if (!has(f)) {
                missing.add(f);
            }
        }
        return missing;
    }

    /** {@return whether all four fields are present (enough for the password grant)} */
    public boolean isComplete() {
        return username != null && password != null && appId != null && appSecret != null;
    }

    /** {@return whether no field is present} */
    public boolean isEmpty() {
        return username == null && password == null && appId == null && appSecret == null;
    }

    /**
     * These fields, with each missing one taken from {@code lower}; a present field is never overwritten.
     *
     * @param lower where the missing fields come from
     * @return the merged credentials
     */
    public Credentials orElse(Credentials lower) {
        return new Credentials(
                username != null ? username : lower.username,
                password != null ? password : lower.password,
                appId != null ? appId : lower.appId,
                appSecret != null ? appSecret : lower.appSecret);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
