package io.github.inatauth.http.internal;

import java.net.URI;
import java.util.Optional;

/**
 * Opens a URL with {@code java.awt.Desktop} when it can. The module requires {@code java.desktop}
 * only statically, so a lean jlink image may lack it: the AWT classes are touched only after checking
 * that this module can read {@code java.desktop}.
 */
public final class DesktopBrowser {
    private static final System.Logger LOG = System.getLogger("io.github.inatauth.http");

    private DesktopBrowser() {
    }

    /** Whether a browser was started. */
    public static boolean browse(URI url) {
        Optional<Module> desktop = ModuleLayer.boot().findModule("java.desktop");
        if (desktop.isEmpty() || !DesktopBrowser.class.getModule().canRead(desktop.get())) {
            return false;
        }
        return Awt.browse(url);
    }

    /** Loaded only when java.desktop is readable. */
    private static final class Awt {
        static boolean browse(URI url) {
            try {
                if (!java.awt.Desktop.isDesktopSupported()) {
                    return false;
                }
                java.awt.Desktop d = java.awt.Desktop.getDesktop();
                if (!d.isSupported(java.awt.Desktop.Action.BROWSE)) {
                    return false;
                }
                d.browse(url);
                return true;
            } catch (java.io.IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "Could not start a browser: {0}", e.getClass().getName());
                return false;
            }
        }
    }
}
