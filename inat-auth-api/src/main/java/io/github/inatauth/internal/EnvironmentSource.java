package io.github.inatauth.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;

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
                context.environment(Field.USERNAME.environmentVariable()).orElse(null),
                context.environment(Field.PASSWORD.environmentVariable()).orElse(null),
                context.environment(Field.APP_ID.environmentVariable()).orElse(null),
                context.environment(Field.APP_SECRET.environmentVariable()).orElse(null));
        if (c.isEmpty()) {
            return new Result.NotConfigured("set INAT_USERNAME, INAT_PASSWORD, INAT_APP_ID and INAT_APP_SECRET");
        }
        return new Result.Found(c, "environment variables");
    }
}
