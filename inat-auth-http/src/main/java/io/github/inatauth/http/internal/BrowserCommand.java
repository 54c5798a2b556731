package io.github.inatauth.http.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts the user's browser on a URL with the desktop's own command: {@code $BROWSER} when set (as
 * xdg-utils and Python's webbrowser read it: the first of a {@code :}-separated list, {@code %s}
 * standing for the URL), else {@code open} on macOS, {@code rundll32 url.dll,FileProtocolHandler} on
 * Windows, {@code xdg-open} elsewhere. A process rather than {@code java.awt.Desktop}: it needs no
 * {@code java.desktop} in the image, and its environment can be cleaned.
 */
public final class BrowserCommand {
    private static final System.Logger LOG = System.getLogger("io.github.inatauth.http");
    /**
     * The browser gets none of the program's own variables: they hold the password, app secret,
     * passphrase, broker authorization and paths to key files, and a browser needs none of them.
     */
    private static final String OWN_PREFIX = "INAT_";

    private BrowserCommand() {
    }

    /** Whether the command was started (not whether a browser showed the page). */
    public static boolean start(URI url) {
        List<String> command = command(url.toString(), System.getenv("BROWSER"),
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.PIPE);
        withoutSecrets(pb.environment());
        try {
            pb.start().getOutputStream().close();
            return true;
        } catch (IOException | RuntimeException e) {
            // no desktop here: the address printed before is the way
            LOG.log(System.Logger.Level.DEBUG, "Could not start a browser with {0}: {1}", command.get(0),
                    e.getClass().getName());
            return false;
        }
    }

    static void withoutSecrets(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.toUpperCase(Locale.ROOT).startsWith(OWN_PREFIX));
    }

    private static List<String> command(String url, String browserVariable, String os) {
        String chosen = browserVariable == null ? "" : browserVariable.split(":", -1)[0].strip();
        if (!chosen.isEmpty()) {
            List<String> command = new ArrayList<>();
            boolean placed = false;
            for (String word : chosen.split("\\s+")) {
                placed |= word.contains("%s");
                command.add(word.replace("%s", url));
            }
            if (!placed) {
                command.add(url);
            }
            return command;
        }
        return os.contains("mac") ? List.of("open", url)
                : os.contains("win") ? List.of("rundll32", "url.dll,FileProtocolHandler", url)
                : List.of("xdg-open", url);
    }
}
