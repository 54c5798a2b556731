package io.github.inatauth.http.internal;

import io.github.inatauth.internal.shared.ServerUrls;
import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.spi.Token;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** Reads the answers of {@code /oauth/token} and {@code /users/api_token}, as iNaturalist (Doorkeeper) sends them. */
final class OAuthAnswers {
    private static final String EXPECTED = "iNaturalist's JSON";
    private static final int MAX_DESCRIPTION = 160;
    /** The hint for a suspended account, whatever else was sent: its password is not what is wrong. */
    private static final String SUSPENDED =
            "the account is suspended; a new password or sign-in does not help until the suspension ends";

    private OAuthAnswers() {
    }

    /**
     * The access token of a {@code /oauth/token} answer. A 400 or 401 is a refusal that keeps the
     * OAuth {@code error} code as sent (an open set) and quotes the server's description, with the
     * end of a suspension when iNaturalist gives it; {@code rejectHint} tells the user what to check.
     */
    public static Token accessToken(Response r, Instant now, RejectHint rejectHint) {
        if (r.isSuccess()) {
            return required(r, "access_token", value -> new Token(value, now, null));
        }
        if (r.status() == 400 || r.status() == 401) {
            Optional<JsonObject> json = r.jsonOfAnyType();
            Optional<String> error = json.flatMap(j -> JsonSupport.text(j, "error"));
            if (json.isEmpty() && r.status() == 400) {
                throw r.notJson(EXPECTED);
            }
            String code = error.orElse(null);
            String sent = json.flatMap(j -> JsonSupport.text(j, "error_description")).orElse(null);
            String description = sent == null ? "" : r.request().quote(sent, MAX_DESCRIPTION);
            Optional<String> suspendedUntil = json.flatMap(j -> JsonSupport.text(j, "suspended_until"));
            String until = suspendedUntil.map(u -> " (suspended until " + r.request().quote(u, 40) + ")").orElse("");
            String hint = suspendedUntil.isPresent() || isSuspension(sent) ? SUSPENDED : rejectHint.forError(code, sent);
            throw new CredentialsRejectedException("iNaturalist refused " + r.request().action() + " (HTTP "
                    + r.status() + (code == null ? "" : ", " + r.request().quote(code, 60))
                    + (description.isEmpty() ? "" : ": " + description) + until + "); " + hint + ".", code, r.status());
        }
        throw r.jsonIfAny().isPresent() || r.mediaType().equals("no content type") ? r.unexpectedStatus()
                : r.notJson(EXPECTED);
    }

    /** What a 401 from {@code /users/api_token} means: the token the request was authenticated with is no longer good. */
    public enum Refusal {
        /** Asked with an OAuth access token. */
        OAUTH_TOKEN("the OAuth access token when asked for a JWT",
                "it was revoked (a password change, a suspension, or the app's access revoked at iNaturalist): "
                        + "get a new one (refresh) or sign in again"),
        /** Asked with a personal API token (a JWT), to renew it. */
        PERSONAL_TOKEN("the personal API token when asked to renew it",
                "it has expired or was revoked (a sign-out ends it)");

        private final String what;
        private final String why;

        Refusal(String what, String why) {
            this.what = what;
            this.why = why;
        }
    }

    /**
     * The JWT of a {@code /users/api_token} answer, its times on this machine's clock: its lifetime is
     * judged on the server's clock ({@code clocks}) and moved over. A JWT that has expired by then is
     * an error. A 401 means the token the request carried is no longer good ({@code refusal} says which).
     */
    public static Token jwt(Response r, ServerClock.Reading clocks, Refusal refusal) {
        if (r.isSuccess()) {
            Instant serverNow = clocks.serverNow();
            Token onServerClock = required(r, "api_token", value -> Token.jwt(value, serverNow));
            if (onServerClock.isExpiredAt(serverNow)) {
                throw expired(r, onServerClock.expiresAt(), clocks);
            }
            return clocks.onThisMachine(onServerClock);
        }
        if (r.status() == 401) {
            String code = r.jsonIfAny().flatMap(j -> JsonSupport.text(j, "error")).orElse(OAuthErrors.INVALID_TOKEN);
            throw new CredentialsRejectedException("iNaturalist refused " + refusal.what + " (HTTP 401, "
                    + r.request().quote(code, 60) + "); " + refusal.why + ".", code, 401);
        }
        if (r.status() == 403) { // Doorkeeper's answer to a token without the scope the endpoint needs
            throw new CredentialsRejectedException("iNaturalist refused the OAuth access token when asked for a JWT "
                    + "(HTTP 403): the token lacks the 'write' scope that /users/api_token needs; sign in again "
                    + "without restricting the scopes.", OAuthErrors.INSUFFICIENT_SCOPE, 403);
        }
        throw r.jsonIfAny().isPresent() ? r.unexpectedStatus() : r.notJson(EXPECTED);
    }

    /**
     * The login name in a {@code /v1/users/me} answer ({@code results[0].login}); a 401 is a
     * refusal of the JWT.
     */
    public static String login(Response r) {
        if (r.status() == 401) {
            throw new CredentialsRejectedException("The iNaturalist API refused the token (HTTP 401 from "
                    + ServerUrls.display(r.request().uri()) + "): it is not a valid JWT of this server, or it has expired "
                    + "or was revoked.", OAuthErrors.INVALID_TOKEN, 401);
        }
        if (!r.isSuccess()) {
            throw r.jsonIfAny().isPresent() ? r.unexpectedStatus() : r.notJson("the API's JSON");
        }
        JsonObject json = r.json("the API's JSON");
        return Optional.ofNullable(json.get("results"))
                .filter(v -> v instanceof JsonArray a && !a.isEmpty() && a.get(0) instanceof JsonObject)
                .flatMap(v -> JsonSupport.text(((JsonArray) v).getJsonObject(0), "login"))
                .orElseThrow(() -> answered(r, " but without results[0].login"));
    }

    /** The token in {@code member}, made by {@code make}; a missing or malformed one is a {@link ServerException}. */
    private static Token required(Response r, String member, Function<Secret, Token> make) {
        return JsonSupport.token(r.json(EXPECTED), member, make, what -> answered(r, " and " + what))
                .orElseThrow(() -> answered(r, " but without '" + member + "'"));
    }

    private static ServerException answered(Response r, String what) {
        return new ServerException("The server at " + ServerUrls.display(r.request().uri()) + " answered " + r.request().action()
                + " with HTTP " + r.status() + what + "; " + r.request().hint() + ".", r.status(), null, null);
    }

    private static ServerException expired(Response r, Instant exp, ServerClock.Reading clocks) {
        String age = ServerClock.describe(Duration.between(exp, clocks.serverNow()));
        String detail = clocks.offset() == null
                ? "its exp is " + age + " before this machine's time, and the answer had no Date header to compare "
                        + "clocks with); check this machine's clock"
                : "its exp is " + age + " before the server's own time in its Date header)" + (clocks.isLarge()
                        ? "; this machine's clock is also " + ServerClock.describe(clocks.offset())
                                + (clocks.offset().isNegative() ? " ahead of" : " behind") + " the server's: set it right (NTP)"
                        : "; try again later");
        return new ServerException("The server at " + ServerUrls.display(r.request().uri()) + " answered "
                + r.request().action() + " with a JWT that had already expired when it arrived (" + detail + ".",
                r.status(), null, null);
    }

    /** What to tell the user to check when the token endpoint refuses. */
    @FunctionalInterface
    public interface RejectHint {
        /** The hint for an {@code error} code and the {@code error_description} as sent (either may be null). */
        String forError(String error, String description);

        /** For the password grant: the password hint only where the password is what was wrong. */
        RejectHint PASSWORD = (error, description) -> {
            if (OAuthErrors.INVALID_CLIENT.equals(error)) {
                return "check the app id and app secret (INAT_APP_ID, INAT_APP_SECRET)";
            }
            if (OAuthErrors.INVALID_GRANT.equals(error)) {
                return isWrongPassword(description) ? "check the username and password (INAT_USERNAME, INAT_PASSWORD)"
                        : "the username and password were not the problem: see iNaturalist's reason, and sign in on "
                                + "its website to resolve it";
            }
            return "check the credentials";
        };
    }

    /**
     * Whether a refusal's description is iNaturalist's for a suspended account (its
     * {@code OauthTokensController}: 400 {@code invalid_grant}, "This user has been suspended").
     */
    static boolean isSuspension(String description) {
        return description != null && description.toLowerCase(java.util.Locale.ROOT).contains("suspended");
    }

    /**
     * Whether an {@code invalid_grant} description is the plain wrong-password one: none, Doorkeeper's
     * generic text, or Devise's "Invalid email or password." that iNaturalist sends; not its texts for
     * a suspended, unconfirmed or child account.
     */
    static boolean isWrongPassword(String description) {
        if (description == null || description.isBlank()) {
            return true;
        }
        String d = description.toLowerCase(java.util.Locale.ROOT);
        return d.startsWith("the provided authorization grant is invalid") || d.matches("invalid .{0,40}\\bpassword\\.?");
    }
}
