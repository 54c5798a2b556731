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

    public CredentialReport {
        provenance = Map.copyOf(provenance);
        sources = List.copyOf(sources);
    }

    /** The source that gave {@code field}. */
    public Optional<String> sourceOf(Field field) {
        return Optional.ofNullable(provenance.get(field));
    }

    /** What one source said. */
    public record SourceReport(String sourceId, Outcome outcome, Set<Field> fields, String detail) {
        public SourceReport {
            fields = Set.copyOf(fields);
        }
    }

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
