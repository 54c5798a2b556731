package io.github.inatauth.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.Credentials.Field;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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
        Map<Field, String> values = new EnumMap<>(Field.class);
        List<String> origins = new ArrayList<>();
        for (Field f : Field.values()) {
            SecretFiles.environment(context, f.environmentVariable()).ifPresent(v -> {
                values.put(f, v.value());
                origins.add(v.origin());
            });
        }
        if (values.isEmpty()) {
            return new Result.NotConfigured("set INAT_USERNAME, INAT_PASSWORD, INAT_APP_ID and INAT_APP_SECRET "
                    + "(or INAT_PASSWORD_FILE and the like, naming files)");
        }
        Credentials c = Credentials.of(values.get(Field.USERNAME), values.get(Field.PASSWORD),
                values.get(Field.APP_ID), values.get(Field.APP_SECRET));
        return new Result.Found(c, "environment variables " + String.join(", ", origins));
    }
}
