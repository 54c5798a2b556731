package io.github.inatauth.http.internal;

import io.github.inatauth.ConfigurationException;
import io.github.inatauth.Secret;
import io.github.inatauth.ServerException;
import io.github.inatauth.spi.Token;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/** Jakarta JSON-P, looked up once (its users complained of a provider lookup per call). */
final class JsonSupport {
    /**
     * How deep an answer may nest. iNaturalist's answers are flat and a Vault answer is three levels
     * deep; Parsson's own default is 1000, and it reports a deeper one with a bare RuntimeException.
     */
    static final int MAX_DEPTH = 64;
    /** Parsson's name for that limit; other JSON-P providers ignore it and rely on the catch below. */
    private static final String MAX_DEPTH_PROPERTY = "org.eclipse.parsson.maxDepth";

    /** JSON-P's own system property naming a provider class; when set, JSON-P's lookup decides. */
    private static final String PROVIDER_PROPERTY = "jakarta.json.provider";

    private static volatile JsonProvider provider;
    /** The provider {@link #requireProvider()} found in ServiceLoader's list, created on first use. */
    private static volatile ServiceLoader.Provider<JsonProvider> listed;
    private static volatile JsonParserFactory parsers;

    private JsonSupport() {
    }

    /**
     * Fails now, with {@link #provider()}'s message, when no JSON-P provider is there, but creates none
     * when ServiceLoader lists one: creating a provider runs {@code JsonProvider}'s class initialiser,
     * whose logger starts java.util.logging (about a tenth of {@code inat-auth token}'s start-up), and a
     * token served from a store needs no JSON at all. The first in the list is the one
     * {@code JsonProvider.provider()} would create; with the system property set, or nothing listed (the
     * default class, OSGi), JSON-P's own lookup runs now.
     */
    static void requireProvider() {
        if (provider != null || listed != null) {
            return;
        }
        if (System.getProperty(PROVIDER_PROPERTY) == null) {
            try {
                Optional<ServiceLoader.Provider<JsonProvider>> first = ServiceLoader.load(JsonProvider.class).stream()
                        .findFirst();
                if (first.isPresent()) {
                    listed = first.get();
                    return;
                }
            } catch (ServiceConfigurationError e) {
                // a broken entry in the list: JSON-P's own lookup below reports it
            }
        }
        provider();
    }

    public static JsonProvider provider() {
        JsonProvider p = provider;
        if (p == null) {
            try {
                ServiceLoader.Provider<JsonProvider> found = listed;
                p = found != null ? found.get() : JsonProvider.provider();
            } catch (JsonException | ServiceConfigurationError e) {
                throw new ConfigurationException("No Jakarta JSON-P provider found: add org.eclipse.parsson "
                        + "(Maven org.eclipse.parsson:parsson; module org.eclipse.parsson) next to inat-auth-http.", e);
            }
            provider = p;
        }
        return p;
    }

    private static JsonParserFactory parsers() {
        JsonParserFactory f = parsers;
        if (f == null) {
            f = provider().createParserFactory(Map.of(MAX_DEPTH_PROPERTY, MAX_DEPTH));
            parsers = f;
        }
        return f;
    }

    /**
     * The JSON object that is the whole of {@code body}, or empty when it is not one: not JSON, nested
     * deeper than {@value #MAX_DEPTH}, a number the parser refuses, text after the object. No parser
     * message is kept: it may quote the body.
     */
    static Optional<JsonObject> parseObject(byte[] body) {
        JsonParserFactory factory = parsers();
        try (JsonParser parser = factory.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return Optional.empty();
            }
            JsonObject object = parser.getObject();
            return parser.hasNext() ? Optional.empty() : Optional.of(object);
        } catch (RuntimeException e) {
            // only the parser runs here, and on hostile input it throws more than JsonParsingException:
            // a bare RuntimeException past the depth limit, NumberFormatException for 1e9999999999,
            // UnsupportedOperationException for a 2000-digit number
            return Optional.empty();
        }
    }

    /** A JSON object with string members, in the given order. */
    static String write(Map<String, String> members) {
        JsonObjectBuilder b = provider().createObjectBuilder();
        members.forEach(b::add);
        StringWriter w = new StringWriter();
        provider().createWriter(w).writeObject(b.build());
        return w.toString();
    }

    /**
     * The token in member {@code name}, made into a {@link Token} by {@code make}; empty when the member
     * is absent, {@code null} or {@code ""}. A token is a JSON string and a bearer token (see
     * {@link Token}); anything else is refused with the error {@code refused} makes of what is wrong,
     * e.g. "an 'api_token' that is a JSON number" (never the value).
     */
    static Optional<Token> token(JsonObject o, String name, Function<Secret, Token> make,
            Function<String, ServerException> refused) {
        JsonValue v = o.get(name);
        if (v == null || v == JsonValue.NULL || (v instanceof JsonString s && s.getString().isEmpty())) {
            return Optional.empty();
        }
        if (!(v instanceof JsonString s)) {
            throw refused.apply("an '" + name + "' that is a JSON " + v.getValueType().name().toLowerCase(Locale.ROOT)
                    + ", not a string");
        }
        try {
            return Optional.of(make.apply(Secret.of(s.getString())));
        } catch (IllegalArgumentException e) { // Token refuses what is not a bearer token; the message never holds it
            throw refused.apply("an '" + name + "' that is " + e.getMessage());
        }
    }

    /** A member given as a string, or a number written as text (app ids are sometimes numbers). */
    public static Optional<String> text(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v instanceof JsonString s) {
            return s.getString().isEmpty() ? Optional.empty() : Optional.of(s.getString());
        }
        if (v instanceof JsonNumber n) {
            return Optional.of(n.toString());
        }
        return Optional.empty();
    }
}
