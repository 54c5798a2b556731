package io.github.inatauth.cli;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.CredentialsRejectedException;
import io.github.inatauth.InatAuthException;
import io.github.inatauth.MissingCredentialsException;
import io.github.inatauth.ServerException;
import io.github.inatauth.StoreException;

/** The exit codes (inat-auth-cli/README.md, "Exit codes"); scripts depend on them. */
public final class ExitCode {
    /** Done. */
    public static final int OK = 0;
    /** A bug in inat-auth or a plug-in: not one of the failures below. */
    public static final int INTERNAL = 1;
    /** Bad usage: unknown option or command, bad value, or inat-auth configured wrongly. */
    public static final int USAGE = 2;
    /** Credentials missing or incomplete. */
    public static final int MISSING_CREDENTIALS = 3;
    /** The server rejected the credentials. */
    public static final int REJECTED = 4;
    /** Server or network failure. */
    public static final int SERVER = 5;
    /** Local store failure: keyring locked or absent, wrong passphrase, damaged file. */
    public static final int STORE = 6;

    private ExitCode() {
    }

    /** The exit code for a failure. */
    public static int of(InatAuthException e) {
        if (e instanceof MissingCredentialsException) {
            return MISSING_CREDENTIALS;
        } else if (e instanceof CredentialsRejectedException) {
            return REJECTED;
        } else if (e instanceof ServerException) {
            return SERVER;
        } else if (e instanceof StoreException) {
            return STORE;
        } else if (e instanceof ConfigurationException) {
            return USAGE;
        }
        return INTERNAL;
    }
}
