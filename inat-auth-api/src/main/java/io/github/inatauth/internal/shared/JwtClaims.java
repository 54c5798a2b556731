package io.github.inatauth.internal.shared;

import io.github.inatauth.internal.BearerTokens;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The numeric claims of a JWT that inat-auth uses ({@code exp}, {@code iat}, {@code user_id}), read without
 * verifying the signature (the server checks that): the payload is decoded as strict base64url and
 * UTF-8 and read as JSON; only top-level members count.
 *
 * <p>{@code exp} is a NumericDate (RFC 7519): any JSON number of seconds. A fraction is floored (an
 * earlier expiry is the safe side). Exponent notation ({@code 1.7e9}) is legal JSON and a legal
 * NumericDate, so it is read when it denotes a time in range; its exponent is bounded first, so
 * {@code 1e999999999} costs nothing. No usable {@code exp}: absent, not a number, zero or negative,
 * past 9999-12-31, repeated, or a payload that is not a JSON object.
 */
public final class JwtClaims {
    /** How long a JWT without a usable {@code exp} is kept: such a token must not live for ever. */
    public static final Duration WITHOUT_EXP = Duration.ofHours(1);
    /** How long iNaturalist's JWTs live; they carry no {@code iat}, so this is how their start is known. */
    public static final Duration INATURALIST_LIFETIME = Duration.ofHours(24);

    private static final BigDecimal LATEST = BigDecimal.valueOf(TokenTimes.LATEST.getEpochSecond());
    /** Exponents beyond this many digits cannot denote a time in range. */
    private static final int MAX_EXPONENT_DIGITS = 4;

    private JwtClaims() {
    }

    /** The usable {@code exp} of {@code jwt}; empty when it has none (see the class comment). */
    public static Optional<Instant> expiry(String jwt) {
        return number(jwt, "exp").flatMap(JwtClaims::seconds).map(Instant::ofEpochSecond);
    }

    /** The usable {@code iat} (issued at) of {@code jwt}, read as {@code exp} is; empty when it has none. */
    public static Optional<Instant> issuedAt(String jwt) {
        return number(jwt, "iat").flatMap(JwtClaims::seconds).map(Instant::ofEpochSecond);
    }

    /**
     * The {@code user_id} claim that iNaturalist puts in every JWT it signs: a positive whole number;
     * empty when the text is not a JWT or has no such claim.
     */
    public static Optional<Long> userId(String jwt) {
        return number(jwt, "user_id").filter(n -> n.matches("[1-9][0-9]{0,17}")).map(Long::valueOf);
    }

    /** Whether {@code text} has a JWT's shape: three dot-separated parts and a payload that is one JSON object. */
    public static boolean isJwt(String text) {
        return payload(text).filter(p -> {
            try {
                TopLevelJson.number(p, "exp");
                return true;
            } catch (TopLevelJson.Malformed e) {
                return false;
            }
        }).isPresent();
    }

    /** The text of the top-level number {@code name} of the payload; empty for anything else. */
    private static Optional<String> number(String jwt, String name) {
        return payload(jwt).flatMap(p -> {
            try {
                return Optional.ofNullable(TopLevelJson.number(p, name));
            } catch (TopLevelJson.Malformed e) {
                return Optional.empty();
            }
        });
    }

    /** The payload of a JWT-shaped text, decoded as strict base64url and UTF-8; not yet read as JSON. */
    private static Optional<String> payload(String jwt) {
        if (jwt == null || jwt.length() > BearerTokens.MAX_LENGTH) {
            return Optional.empty();
        }
        int first = jwt.indexOf('.');
        int second = first < 0 ? -1 : jwt.indexOf('.', first + 1);
        if (second < 0 || second == first + 1 || jwt.indexOf('.', second + 1) >= 0) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(jwt.substring(first + 1, second));
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Whole seconds of a JSON number's text, floored; empty when not in 1 .. 9999-12-31T23:59:59Z. */
    static Optional<Long> seconds(String number) {
        int e = Math.max(number.indexOf('e'), number.indexOf('E'));
        if (e >= 0) {
            String exponent = number.substring(e + 1).replaceFirst("^[+-]?0*", "");
            if (exponent.length() > MAX_EXPONENT_DIGITS) {
                return Optional.empty();
            }
        }
        BigDecimal value = new BigDecimal(number);
        if (value.compareTo(BigDecimal.ONE) < 0 || value.compareTo(LATEST) > 0) {
            return Optional.empty();
        }
        return Optional.of(value.toBigInteger().longValueExact()); // positive: truncation is flooring
    }
}
