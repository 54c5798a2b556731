package io.github.inatauth.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS512 JSON Web Tokens, signed and checked with one random key per server. */
final class Jwt {
    private static final String ALGORITHM = "HmacSHA512";
    /** The header iNaturalist's ruby-jwt writes: the algorithm only. */
    private static final String HEADER = encode(Json.object().put("alg", "HS512").build());

    private final byte[] key;

    Jwt(SecureRandom random) {
        key = new byte[64];
        random.nextBytes(key);
    }

    byte[] key() {
        return key.clone();
    }

    /** A signed token whose payload is the given JSON object text. */
    String sign(String payloadJson) {
        String signingInput = HEADER + "." + encode(payloadJson);
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(signingInput));
    }

    /** The payload's members when the token is well formed and signed with this key; else {@code null}. */
    Map<String, String> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(HEADER)) {
            return null;
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(signature, mac(parts[0] + "." + parts[1]))) {
                return null;
            }
            return Json.parseFlatObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] mac(String signingInput) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is missing from this JDK", e);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
