package io.github.inatauth.filestore.internal;

import static io.github.inatauth.filestore.internal.TestStores.JWT_KEY;
import static io.github.inatauth.filestore.internal.TestStores.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.inatauth.StoreException;
import io.github.inatauth.StoreException.Kind;
import io.github.inatauth.spi.ProviderContext;
import io.github.inatauth.spi.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionsTest {

    @TempDir
    Path temp;
    Path home;
    Path keyFile;
    TokenStore store;

    @BeforeEach
    void setUp() throws IOException {
        home = temp.resolve("store");
        keyFile = TestStores.newKeyFile(temp, 7);
        store = TestStores.open(TestStores.keyFileContext(home, keyFile));
        store.save(JWT_KEY, token("jwt", Instant.EPOCH, null));
    }

    private static void assertInsecure(ThrowingCallable call, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.INSECURE_PERMISSIONS);
            assertThat(e.getMessage()).contains(messageParts);
        });
    }

    @Test
    void load_fileReadableByGroup_isInsecureAndLeftAsItWas() throws IOException {
        Path file = home.resolve("tokens.enc");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertInsecure(() -> store.load(JWT_KEY), file.toString(), "rw-r-----", "chmod 600");
        assertInsecure(() -> store.save(JWT_KEY, token("x", Instant.EPOCH, null)), "chmod 600");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    @Test
    void load_folderOpenToOthers_isInsecure() throws IOException {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertInsecure(() -> store.load(JWT_KEY), "chmod 700 " + home);
    }

    @Test
    void open_existingFolderOpenToOthers_isNotChangedButRefusedOnUse() throws IOException {
        Path open = temp.resolve("open");
        Files.createDirectory(open, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        TokenStore s = TestStores.open(TestStores.keyFileContext(open, keyFile));
        assertInsecure(() -> s.save(JWT_KEY, token("x", Instant.EPOCH, null)), "chmod 700");
        assertThat(open.resolve("tokens.enc")).doesNotExist();
    }

    @Test
    void load_fileOwnedByAnotherUser_isInsecure() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file away");
        Path file = home.resolve("tokens.enc");
        UserPrincipal nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(file, nobody);
        assertInsecure(() -> store.load(JWT_KEY), "belongs to nobody", "not to root");
    }

    @Test
    void load_keyFileReadableByOthers_isInsecure() throws IOException {
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        TokenStore fresh = TestStores.open(TestStores.keyFileContext(home, keyFile));
        assertInsecure(() -> fresh.load(JWT_KEY), "chmod o= " + keyFile);
    }

    @Test
    void load_keyFileReadableByGroup_isAccepted() throws IOException {
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("r--r-----"));
        TokenStore fresh = TestStores.open(TestStores.keyFileContext(home, keyFile));
        assertThat(fresh.load(JWT_KEY)).isPresent();
    }

    @Test
    void load_keyFileMissingOrMalformed_saysHowToMakeOne() throws IOException {
        Path missing = temp.resolve("no-such-key");
        assertThatThrownBy(() -> TestStores.open(TestStores.keyFileContext(home, missing)).load(JWT_KEY))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.IO);
                    assertThat(e.getMessage()).contains("does not exist", "head -c 32 /dev/urandom");
                });
        Path shortKey = temp.resolve("short-key");
        Files.write(shortKey, new byte[31]);
        Files.setPosixFilePermissions(shortKey, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> TestStores.open(TestStores.keyFileContext(home, shortKey)).load(JWT_KEY))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.WRONG_KEY));
    }

    @Test
    void keyFile_hexAndBase64Forms_giveTheSameKeyAsRaw() throws IOException {
        byte[] raw = Files.readAllBytes(keyFile);
        Path hex = temp.resolve("hex");
        Files.writeString(hex, java.util.HexFormat.of().formatHex(raw) + "\n");
        Path base64 = temp.resolve("b64");
        Files.writeString(base64, java.util.Base64.getEncoder().encodeToString(raw) + "\n");
        for (Path p : new Path[] {hex, base64}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            ProviderContext c = TestStores.keyFileContext(home, p);
            assertThat(TestStores.open(c).load(JWT_KEY)).as(p.toString()).isPresent();
        }
    }
}
