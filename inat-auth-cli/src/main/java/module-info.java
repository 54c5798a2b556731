/**
 * The {@code inat-auth} command. Shipped as a jlink image with launcher {@code bin/inat-auth};
 * the token issuer, stores and sources are found with ServiceLoader, so the image names their
 * modules with {@code --add-modules}.
 */
module io.github.inatauth.cli {
    requires io.github.inatauth;
    requires io.github.inatauth.testkit;
    // login --web: the browser sign-in
    requires io.github.inatauth.http;
    requires info.picocli;

    // picocli sets the annotated option fields by reflection
    opens io.github.inatauth.cli to info.picocli;

    // the library's log records: warnings on stderr, everything with --verbose
    provides java.lang.System.LoggerFinder with io.github.inatauth.cli.LogSetup;
}
