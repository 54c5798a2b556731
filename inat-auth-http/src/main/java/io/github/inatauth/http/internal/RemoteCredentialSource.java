package io.github.inatauth.http.internal;

import io.github.inatauth.Credentials;
import io.github.inatauth.spi.CredentialSource;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.Setting;
import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * Source {@code remote}: credential fields ({@code username}, {@code password}, {@code app_id},
 * {@code app_secret}, any subset) from the JSON object at {@code INAT_AUTH_REMOTE_POINTER} of
 * {@code INAT_AUTH_REMOTE_URL} (an HTTPS endpoint, or a {@code file:} URL). Does nothing, and no I/O, when the URL is unset; a configured
 * endpoint that fails stops the chain.
 */
public final class RemoteCredentialSource implements CredentialSource {
    public static final String ID = "remote";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Result read(ProviderContext context) {
        Optional<RemoteEndpoint> endpoint = RemoteEndpoint.configured(context);
        if (endpoint.isEmpty()) {
            return new Result.NotConfigured("set " + Setting.REMOTE_URL + " (and "
                    + Setting.REMOTE_AUTHORIZATION + ", " + Setting.REMOTE_POINTER
                    + " if needed) to read credentials from an HTTPS endpoint such as Vault, or a file: URL");
        }
        RemoteEndpoint e = endpoint.get();
        JsonObject o = e.fetch(context, true);
        Credentials c = Credentials.of(
                JsonSupport.text(o, "username").orElse(null),
                JsonSupport.text(o, "password").orElse(null),
                JsonSupport.text(o, "app_id").orElse(null),
                JsonSupport.text(o, "app_secret").orElse(null));
        boolean broker = o.containsKey(RemoteTokenStore.API_TOKEN);
        return new Result.Found(c, "remote endpoint " + e.describe()
                + (broker && c.isEmpty() ? ", a token broker: set INAT_AUTH_STORE=remote to use its tokens" : ""));
    }

    @Override
    public String toString() {
        return "RemoteCredentialSource";
    }
}
