package io.github.inatauth.keyring.internal;

import io.github.inatauth.StoreException;
import io.github.inatauth.keyring.internal.javakeyring.JavaKeyringBackend;
import io.github.inatauth.keyring.internal.secretservice.SecretServiceBackend;
import io.github.inatauth.spi.ProviderContext;
import java.util.Locale;

/** Picks the keyring of the OS the program runs on ({@code os.name}). */
public final class Backends {

    private Backends() {
    }

    /** Opens this OS's keyring; throws a {@link StoreException} (kind {@code UNAVAILABLE} when absent). */
    public static KeyringBackend open(ProviderContext context) {
        String os = context.systemProperty("os.name").orElse("").toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("windows")) {
            return openJavaKeyring(os);
        }
        return SecretServiceBackend.open(context);
    }

    private static KeyringBackend openJavaKeyring(String os) {
        try {
            return JavaKeyringBackend.open(os);
        } catch (LinkageError e) {
            // java-keyring is optional: not on the module path (or left out of the jlink image)
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "the OS keyring needs java-keyring on "
                    + os + ": add com.github.javakeyring:java-keyring and its JNA jars to the module path "
                    + "(or the jlink image, --add-modules java.keyring), or choose another source or store", e);
        }
    }
}
