package io.github.inatauth.filestore.internal;

import io.github.inatauth.InatAuth;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Child of {@link MultiProcessSingleFlightTest}: an application configured only by its environment.
 * It builds its {@link InatAuth}, says {@code ready}, waits for {@code go} on stdin, and prints the JWT.
 */
public final class SingleFlightChild {

    private SingleFlightChild() {
    }

    public static void main(String[] args) throws IOException {
        try (InatAuth auth = InatAuth.create()) {
            System.out.println("ready " + auth.storeId());
            System.out.flush();
            String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (!"go".equals(go)) {
                System.exit(2);
            }
            System.out.println("token " + auth.accessToken());
        }
    }
}
