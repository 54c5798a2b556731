package io.github.inatauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.inatauth.testkit.CountingIssuer;
import io.github.inatauth.testkit.MutableClock;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An application that loads plug-ins into a layer of its own hands that layer to the builder. */
class ModuleLayerDiscoveryTest {

    @Test
    void discovery_inGivenModuleLayer_findsPluginModule(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/com.example.plugin");
        Files.createDirectories(src.resolve("com/example/plugin"));
        Files.writeString(src.resolve("module-info.java"), "module com.example.plugin {\n"
                + "  requires io.github.inatauth;\n"
                + "  provides io.github.inatauth.spi.CredentialSource with com.example.plugin.TeamSource;\n}\n");
        Files.writeString(src.resolve("com/example/plugin/TeamSource.java"), "package com.example.plugin;\n"
                + "import io.github.inatauth.Credentials;\n"
                + "import io.github.inatauth.spi.*;\n"
                + "public final class TeamSource implements CredentialSource {\n"
                + "  public String id() { return \"team\"; }\n"
                + "  public Result read(ProviderContext c) {\n"
                + "    return new Result.Found(Credentials.of(\"team-user\", \"pw\", \"team-app\", \"sec\"), \"team vault\");\n"
                + "  }\n}\n");
        Path out = dir.resolve("out/com.example.plugin");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String apiClasses = Path.of("target", "classes").toAbsolutePath().toString();
        int rc = javac.run(null, null, null, "-d", out.toString(), "--module-path", apiClasses,
                src.resolve("module-info.java").toString(), src.resolve("com/example/plugin/TeamSource.java").toString());
        assertThat(rc).isZero();

        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolve(ModuleFinder.of(out), ModuleFinder.of(), Set.of("com.example.plugin"));
        ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());

        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z")); // the engine's and the issuer's
        CountingIssuer issuer = new CountingIssuer(clock);
        try (InatAuth auth = InatAuth.builder().environment(Map.<String, String>of()::get).systemProperties(k -> null)
                .moduleLayer(layer).store("none").issuer(issuer.provider()).clock(clock).build()) {
            assertThat(auth.credentialReport().sources()).extracting(CredentialReport.SourceReport::sourceId)
                    .isEqualTo(List.of("env", "command", "team"));
            auth.accessToken();
        }
        assertThat(issuer.lastGrantCredentials().username()).isEqualTo("team-user");
    }
}
