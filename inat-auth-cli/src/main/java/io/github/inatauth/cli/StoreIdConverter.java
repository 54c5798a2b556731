package io.github.inatauth.cli;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.InatAuth;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --store keyring|file}: the stores that keep credentials; anything else is bad usage (exit 2). */
final class StoreIdConverter implements ITypeConverter<String> {
    /** The ids {@code --store} takes, in the order {@code login} tries them when none is given. */
    static final List<String> IDS = List.of("keyring", "file");

    @Override
    public String convert(String value) {
        String id = value.trim();
        if (!IDS.contains(id)) {
            throw new TypeConversionException("'" + value + "' is not a store that keeps credentials; use keyring or file");
        }
        return id;
    }

    /** {@return those of {@link #IDS} whose module is in this image or module path, in that order} */
    static List<String> installed() {
        List<String> here = new ArrayList<>(InatAuth.credentialStores());
        here.retainAll(IDS);
        return here;
    }

    /** A configuration error (exit 2) naming the module to add, when store {@code id} is not installed. */
    static void requireInstalled(String id) {
        List<String> here = installed();
        if (!here.contains(id)) {
            List<String> others = new ArrayList<>(here);
            others.remove(id);
            throw new ConfigurationException("The '" + id + "' store is not in this installation (module "
                    + ("file".equals(id) ? "io.github.inatauth.filestore" : "io.github.inatauth." + id)
                    + " is missing); use --store "
                    + String.join(" or --store ", others.isEmpty() ? List.of("<none available>") : others) + ".");
        }
    }

    /** For the help text and shell completion. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return IDS.iterator();
        }
    }
}
