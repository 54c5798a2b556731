package io.github.inatauth;

import io.github.inatauth.Credentials.Field;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the credential chain found: the merged credentials, which source gave each field, and what
 * every source said. {@code inat-auth status} prints it; {@link MissingCredentialsException} is
 * built from it.
 *
 * @param credentials the merged fields
 * @param provenance for each present field, the id of the source that gave it ({@code explicit} for builder values)
 * @param sources every source in chain order, with what it gave or why it gave nothing
 */
public record CredentialReport(Credentials credentials, Map<Field, String> provenance, List<SourceReport> sources) {

    /**
     * Copies the map and the list.
     *
     * @param credentials the merged fields
     * @param provenance for each present field, the id of the source that gave it
     * @param sources every source in chain order
     */
    public CredentialReport {
        provenance = Map.copyOf(provenance);
        sources = List.copyOf(sources);
    }

    /**
     * The source that gave {@code field}.
     *
     * @param field the field
     * @return the source's id ({@code explicit} for builder values); empty when no source gave it
     */
    public Optional<String> sourceOf(Field field) {
        return Optional.ofNullable(provenance.get(field));
    }

    /**
     * What one source said.
     *
     * @param sourceId the source's id
     * @param outcome whether it gave anything
     * @param fields the fields it gave
     * @param detail where it read them, the hint for configuring it, or its error message
     */
    public record SourceReport(String sourceId, Outcome outcome, Set<Field> fields, String detail) {
        /**
         * Copies the set.
         *
         * @param sourceId the source's id
         * @param outcome whether it gave anything
         * @param fields the fields it gave
         * @param detail where it read them, the hint for configuring it, or its error message
         */
        public SourceReport {
            fields = Set.copyOf(fields);
        }
    }

    /** How asking one source went. */
    public enum Outcome {
        /** It gave {@code fields} (maybe none of the missing ones); {@code detail} says where it read them. */
        FOUND,
        /** Nothing configured; {@code detail} is the hint. */
        NOT_CONFIGURED,
        /** Configured but broken; {@code detail} is its error message. Only in reports that do not throw. */
        FAILED,
        /** Not asked, because the fields were complete before it. */
        NOT_ASKED
    }
}
