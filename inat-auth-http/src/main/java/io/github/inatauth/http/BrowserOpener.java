package io.github.inatauth.http;

import io.github.inatauth.http.internal.BrowserCommand;
import java.io.PrintStream;
import java.net.URI;
import java.util.Objects;

/**
 * Shows the user iNaturalist's sign-in page. {@link #open} must return promptly: the sign-in starts
 * listening for the redirect after it returns (a test opener that plays the browser runs in its own
 * thread).
 */
@FunctionalInterface
public interface BrowserOpener {

    /**
     * Shows the page, or tells the user where it is; returns without waiting for the sign-in.
     *
     * @param authorizationUrl iNaturalist's {@code /oauth/authorize} address for this sign-in
     */
    void open(URI authorizationUrl);

    /**
     * Prints the address to {@code out}, then starts the desktop's browser command: {@code $BROWSER}
     * when set, else {@code open} (macOS), {@code rundll32 url.dll,FileProtocolHandler} (Windows) or
     * {@code xdg-open}. The command runs without the program's {@code INAT_*} variables (password,
     * app secret, passphrase, broker authorization).
     *
     * @param out where the address is printed
     * @return the opener
     */
    static BrowserOpener system(PrintStream out) {
        BrowserOpener print = print(out);
        return url -> {
            print.open(url);
            BrowserCommand.start(url);
        };
    }

    /**
     * Only prints the address to {@code out}, for a machine without a browser ({@code --no-browser}).
     *
     * @param out where the address is printed
     * @return the opener
     */
    static BrowserOpener print(PrintStream out) {
        Objects.requireNonNull(out, "out");
        return url -> {
            out.println("Sign in to iNaturalist in your browser. If it does not open, visit:");
            out.println("  " + url);
            out.flush();
        };
    }
}
