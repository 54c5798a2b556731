package io.github.inatauth.http.internal;

import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.spi.Token;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/** Reads the answers of {@code /oauth/token} and {@code /users/api_token}, as iNaturalist (Doorkeeper) sends them. */
public final class OAuthAnswers {
    private static final String EXPECTED = "iNaturalist's JSON";
    private static final int MAX_DESCRIPTION = 160;

    private OAuthAnswers() {
    }

    /**
     * The access token of a {@code /oauth/token} answer. A 400 or 401 is a refusal that keeps the
     * OAuth {@code error} code as sent (an open set); {@code rejectHint} tells the user what to check.
     */
    public static Token accessToken(Response r, Instant now, RejectHint rejectHint) {
        if (r.isSuccess()) {
            JsonObject json = r.json(EXPECTED);
            return new Token(required(r, json, "access_token"), now, null);
        }
        if (r.status() == 400 || r.status() == 401) {
            Optional<JsonObject> json = r.jsonIfAny();
            Optional<String> error = json.flatMap(j -> JsonSupport.text(j, "error"));
            if (json.isEmpty() && r.status() == 400) {
                throw r.notJson(EXPECTED);
            }
            String code = error.orElse(null);
            String description = json.flatMap(j -> JsonSupport.text(j, "error_description"))
                    .map(d -> r.request().quote(d, MAX_DESCRIPTION)).orElse("");
            throw new CredentialsRejectedException("iNaturalist refused " + r.request().action() + " (HTTP "
                    + r.status() + (code == null ? "" : ", " + r.request().quote(code, 60))
                    + (description.isEmpty() ? "" : ": " + description) + "); " + rejectHint.forError(code) + ".",
                    code, r.status());
        }
        throw r.jsonIfAny().isPresent() || r.mediaType().equals("no content type") ? r.unexpectedStatus()
                : r.notJson(EXPECTED);
    }

    /** The JWT of a {@code /users/api_token} answer; a 401 means the OAuth token is no longer good. */
    public static Token jwt(Response r, Instant now) {
        if (r.isSuccess()) {
            return Token.jwt(required(r, r.json(EXPECTED), "api_token"), now);
        }
        if (r.status() == 401) {
            String code = r.jsonIfAny().flatMap(j -> JsonSupport.text(j, "error")).orElse("invalid_token");
            throw new CredentialsRejectedException("iNaturalist refused the OAuth access token when asked for a JWT "
                    + "(HTTP 401, " + r.request().quote(code, 60) + "); it was revoked or replaced by a newer sign-in: "
                    + "get a new one (refresh).", code, 401);
        }
        throw r.jsonIfAny().isPresent() ? r.unexpectedStatus() : r.notJson(EXPECTED);
    }

    private static Secret required(Response r, JsonObject json, String member) {
        return JsonSupport.text(json, member).map(Secret::of).orElseThrow(() -> new ServerException(
                "The server at " + Urls.display(r.request().uri()) + " answered " + r.request().action()
                        + " with HTTP " + r.status() + " but without '" + member + "'; " + r.request().hint() + ".",
                r.status(), null, null));
    }

    /** What to tell the user to check when the token endpoint refuses. */
    @FunctionalInterface
    public interface RejectHint {
        String forError(String error);

        /** For the password grant. */
        RejectHint PASSWORD = error -> {
            if ("invalid_client".equals(error)) {
                return "check the app id and app secret (INAT_APP_ID, INAT_APP_SECRET)";
            }
            if ("invalid_grant".equals(error)) {
                return "check the username and password (INAT_USERNAME, INAT_PASSWORD)";
            }
            return "check the credentials";
        };
    }
}
