package io.github.inatauth.filestore.internal;

import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenStore;
import java.util.Map;

/**
 * Child of {@link CrashSafetyTest}: writes generation after generation of the token file until it is
 * killed, printing {@code wrote N} after each write has returned (and so is durable).
 * Arguments: the store folder, the key file.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) {
        ProviderContext context = TestStores.context(Map.of("INAT_AUTH_HOME", args[0], "INAT_AUTH_KEY_FILE", args[1]),
                Map.of());
        TokenStore store = FileTokenStore.open(context);
        int generation = CrashSafetyTest.generation(store);
        System.out.println("ready " + generation);
        System.out.flush();
        while (true) {
            generation++;
            store.save(TestStores.JWT_KEY, CrashSafetyTest.tokenOf(generation));
            System.out.println("wrote " + generation);
            System.out.flush();
        }
    }

}
