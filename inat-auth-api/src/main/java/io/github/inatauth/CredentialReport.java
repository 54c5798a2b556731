package io.github.inatauth;

import io.github.inatauth.Credentials.Field;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the credential chain found, without the values: which fields are present (each in a masked
 * form, enough to recognise it, never to use it), which source gave each, and what every source said.
 * {@code inat-auth status} prints it; {@link MissingCredentialsException} is built from the same answer.
 *
 * @param masked for each present field, its masked form ({@code al***}; values shorter than 8 characters are {@code ***})
 * @param provenance for each present field, the id of the source that gave it ({@code explicit} for builder values)
 * @param sources every source in chain order, with what it gave or why it gave nothing
 */
public record CredentialReport(Map<Field, String> masked, Map<Field, String> provenance, List<SourceReport> sources) {

    /**
     * Copies the maps and the list.
     *
     * @param masked for each present field, its masked form
     * @param provenance for each present field, the id of the source that gave it
     * @param sources every source in chain order
     */
    public CredentialReport {
        masked = Map.copyOf(masked);
        provenance = Map.copyOf(provenance);
        sources = List.copyOf(sources);
    }

    /** {@return the fields some source gave, in {@link Field} order} */
    public Set<Field> presentFields() {
        Set<Field> present = EnumSet.noneOf(Field.class);
        present.addAll(masked.keySet());
        return Collections.unmodifiableSet(present);
    }

    /** {@return the fields no source gave, in {@link Field} order} */
    public List<Field> missingFields() {
        return Arrays.stream(Field.values()).filter(f -> !masked.containsKey(f)).toList();
    }

    /** {@return whether all four fields are present} */
    public boolean isComplete() {
        return masked.size() == Field.values().length;
    }

    /**
     * Whether some source gave {@code field}.
     *
     * @param field the field
     * @return true when it is present
     */
    public boolean has(Field field) {
        return masked.containsKey(field);
    }

    /**
     * The masked form of {@code field}'s value.
     *
     * @param field the field
     * @return {@code al***} (or {@code ***} for a value shorter than 8 characters); empty when no source gave it
     */
    public Optional<String> masked(Field field) {
        return Optional.ofNullable(masked.get(field));
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
