package io.github.inatauth;

/** The two kinds of token iNaturalist issues. */
public enum TokenType {
    /** The JSON Web Token ("api token") the iNaturalist API takes; valid for 24 hours. */
    JWT,
    /** The OAuth access token from {@code /oauth/token}; it has no timed expiry. */
    OAUTH
}
