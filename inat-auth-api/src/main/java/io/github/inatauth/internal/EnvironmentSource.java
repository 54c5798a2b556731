package io.github.inatauth.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * Source {@code env}: pyinaturalist's variables {@code INAT_USERNAME}, {@code INAT_PASSWORD},
 * {@code INAT_APP_ID}, {@code INAT_APP_SECRET}, each of which may instead be read from the file its
 * {@code _FILE} variable names (see {@link SecretFiles}).
 */
public final class EnvironmentSource implements CredentialSource {
    public static final String ID = "env";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Result read(ProviderContext context) {
        List<String> origins = new ArrayList<>();
        Credentials c = Credentials.of(
                value(context, Setting.USERNAME, Setting.USERNAME_FILE, origins),
                value(context, Setting.PASSWORD, Setting.PASSWORD_FILE, origins),
                value(context, Setting.APP_ID, Setting.APP_ID_FILE, origins),
                value(context, Setting.APP_SECRET, Setting.APP_SECRET_FILE, origins));
        if (c.isEmpty()) {
            return new Result.NotConfigured("set " + Setting.USERNAME + ", " + Setting.PASSWORD + ", " + Setting.APP_ID
                    + " and " + Setting.APP_SECRET + " (or " + Setting.PASSWORD_FILE + " and the like, naming files)");
        }
        return new Result.Found(c, "environment variables " + String.join(", ", origins));
    }

    /** The value of {@code plain} or of the file {@code file} names, noting which gave it; null when neither is set. */
    private static String value(ProviderContext context, Setting plain, Setting file, List<String> origins) {
        return SecretFiles.read(context, plain, file).map(v -> {
            origins.add(v.origin());
            return v.value();
        }).orElse(null);
    }
}
