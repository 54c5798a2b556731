package io.github.inatauth.filestore;

import io.github.inatauth.testkit.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The exported surface of module {@code io.github.inatauth.filestore} is what {@code api/io.github.inatauth.filestore.api} lists: a change of the
 * public API shows as a diff of that file (update it with {@code mvn test -Dinat.auth.api.update=true}).
 */
class ApiSurfaceTest {

    @Test
    void exportedApi_isTheCheckedInListing() {
        ApiListing.check(io.github.inatauth.filestore.FileStore.class.getModule(), Path.of("api", "io.github.inatauth.filestore.api"));
    }
}
