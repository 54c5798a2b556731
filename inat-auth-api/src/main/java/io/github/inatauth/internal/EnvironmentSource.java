package io.github.inatauth.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;

/** Source {@code env}: pyinaturalist's variables {@code INAT_USERNAME}, {@code INAT_PASSWORD}, {@code INAT_APP_ID}, {@code INAT_APP_SECRET}. */
public final class EnvironmentSource implements CredentialSource {
    public static final String ID = "env";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Result read(ProviderContext context) {
        Credentials c = Credentials.of(
                context.get(Setting.USERNAME).orElse(null),
                context.get(Setting.PASSWORD).orElse(null),
                context.get(Setting.APP_ID).orElse(null),
                context.get(Setting.APP_SECRET).orElse(null));
        if (c.isEmpty()) {
            return new Result.NotConfigured("set " + Setting.USERNAME + ", " + Setting.PASSWORD + ", " + Setting.APP_ID
                    + " and " + Setting.APP_SECRET);
        }
        return new Result.Found(c, "environment variables");
    }
}
