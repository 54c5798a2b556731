package io.github.inatauth.testkit;

import io.github.inatauth.Credentials;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs an {@link InatTestServer} for a test class: started before all tests,
 * {@linkplain InatTestServer#reset() reset} before each, closed after all. Either
 * <pre>{@code
 * @RegisterExtension
 * static InatTestServerExtension server = new InatTestServerExtension();
 * ... server.baseUrl() ... server.server().failNext(...) ...
 * }</pre>
 * or {@code @ExtendWith(InatTestServerExtension.class)} with an {@code InatTestServer} parameter in
 * test methods or the constructor. Registered on an instance field instead of a static one, it runs
 * one server per test. Tests of one class share the server, so they must not run concurrently with
 * each other (JUnit's default).
 */
@SuppressWarnings("exports") // JUnit's types are the point of this class; JUnit is only `requires static`
public final class InatTestServerExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

    private final InatTestServer.Builder builder;
    private InatTestServer server;
    /** The unique id of the JUnit context that started the server, and so closes it. */
    private String ownerContextId;

    /** A server with the default user and app on an ephemeral port. */
    public InatTestServerExtension() {
        this(InatTestServer.builder());
    }

    /**
     * A server started from these options.
     *
     * @param builder the options; used once per start
     */
    public InatTestServerExtension(InatTestServer.Builder builder) {
        this.builder = builder;
    }

    /**
     * The running server.
     *
     * @return the server of the running test class or test
     * @throws IllegalStateException when no test is running
     */
    public synchronized InatTestServer server() {
        if (server == null) {
            throw new IllegalStateException("the test server runs only while a test class or test is running");
        }
        return server;
    }

    /** {@return the same as {@code server().baseUrl()}} */
    public URI baseUrl() {
        return server().baseUrl();
    }

    /** {@return the same as {@code server().apiUrl()}} */
    public URI apiUrl() {
        return server().apiUrl();
    }

    /** {@return the same as {@code server().defaultCredentials()}} */
    public Credentials defaultCredentials() {
        return server().defaultCredentials();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startIfNeeded(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startIfNeeded(context).reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == InatTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return startIfNeeded(extensionContext);
    }

    private synchronized InatTestServer startIfNeeded(ExtensionContext context) {
        if (server == null) {
            server = builder.start();
            ownerContextId = context.getUniqueId();
        }
        return server;
    }

    private synchronized void stopIfOwner(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(ownerContextId)) {
            server.close();
            server = null;
            ownerContextId = null;
        }
    }
}
