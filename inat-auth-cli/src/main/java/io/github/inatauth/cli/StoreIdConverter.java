package io.github.inatauth.cli;

import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --store keyring|file}: anything else is bad usage (exit 2). */
final class StoreIdConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        String id = value.trim();
        if (!Providers.SAVING_STORES.contains(id)) {
            throw new TypeConversionException("'" + value + "' is not a store that keeps credentials; use keyring or file");
        }
        return id;
    }

    /** For the help text and shell completion. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Providers.SAVING_STORES.iterator();
        }
    }
}
