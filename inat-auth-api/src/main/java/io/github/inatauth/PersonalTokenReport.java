package io.github.inatauth;

import java.time.Instant;
import java.util.Optional;

/**
 * The personal API token an {@link InatAuth} uses instead of credentials, as {@code inat-auth status}
 * shows it; no request is made to learn it.
 *
 * @param maskedToken the token in use, masked ({@code ey***})
 * @param userId the iNaturalist user it belongs to (its {@code user_id})
 * @param origin where it was given: {@code INAT_API_TOKEN}, the system property, the builder, or the
 *        store that {@code inat-auth login --api-token} saved it in
 * @param storeId the token store that keeps its renewals
 * @param expiresAt when the token in use expires
 * @param renewedAt when the token in use was obtained by renewal; {@code null} while the given one is in use
 */
public record PersonalTokenReport(String maskedToken, long userId, String origin, String storeId, Instant expiresAt,
        Instant renewedAt) {

    /** {@return whether the token in use is a renewal of the given one} */
    public boolean renewed() {
        return renewedAt != null;
    }

    /** {@return when the token in use was obtained by renewal; empty while the given one is in use} */
    public Optional<Instant> renewal() {
        return Optional.ofNullable(renewedAt);
    }
}
