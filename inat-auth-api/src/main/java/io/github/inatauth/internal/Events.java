package io.github.inatauth.internal;

import io.github.inatauth.TokenListener;
import io.github.inatauth.TokenType;
import io.github.inatauth.spi.Token;
import java.util.concurrent.atomic.AtomicBoolean;

/** Tells the builder's {@link TokenListener} what happened; a listener that throws is logged once and ignored. */
final class Events {
    static final Events NONE = new Events(null);
    private static final System.Logger LOG = System.getLogger("io.github.inatauth");

    private final TokenListener listener;
    private final AtomicBoolean warned = new AtomicBoolean();

    Events(TokenListener listener) {
        this.listener = listener;
    }

    void newToken(TokenType type, Token token, TokenListener.Origin origin) {
        if (listener != null) {
            try {
                listener.newToken(type, token.expiresAt(), origin);
            } catch (RuntimeException e) {
                warnOnce(e);
            }
        }
    }

    void refreshFailed(TokenType type, RuntimeException error) {
        if (listener != null) {
            try {
                listener.refreshFailed(type, error);
            } catch (RuntimeException e) {
                warnOnce(e);
            }
        }
    }

    private void warnOnce(RuntimeException e) {
        if (warned.compareAndSet(false, true)) {
            // the class, not the message: a listener's message may quote anything
            LOG.log(System.Logger.Level.WARNING, "The token listener " + listener.getClass().getName() + " threw "
                    + e.getClass().getName() + "; ignored (logged once).");
        }
    }
}
