package io.github.inatauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parseFlatObject_allScalarKinds_asText() {
        Map<String, String> members = Json.parseFlatObject(
                " { \"s\" : \"a\\\"b\\\\c\\n\\u00e9\\/\", \"i\": -12, \"f\": 1.5e3, \"t\": true, \"n\": null } ");

        Map<String, String> expected = new HashMap<>();
        expected.put("s", "a\"b\\c\né/");
        expected.put("i", "-12");
        expected.put("f", "1.5e3");
        expected.put("t", "true");
        expected.put("n", null);
        assertThat(members).isEqualTo(expected);
    }

    @Test
    void parseFlatObject_empty_noMembers() {
        assertThat(Json.parseFlatObject("{}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":{\"b\":1}}",
        "{\"a\":[1]}", "{\"a\":tru}", "{\"a\":1} x", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{a:1}"})
    void parseFlatObject_malformedOrNested_refused(String text) {
        assertThatThrownBy(() -> Json.parseFlatObject(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseFlatObject_error_doesNotQuoteTheText() {
        assertThatThrownBy(() -> Json.parseFlatObject("{\"password\": sentinel-pw}"))
                .hasMessageNotContaining("sentinel-pw");
    }

    @Test
    void objectWriter_quotesAndEscapes_roundTrips() {
        String json = Json.object().put("text", "q\"b\\s\u0001\t").put("n", 42).raw("list", "[1,2]").build();

        assertThat(json).isEqualTo("{\"text\":\"q\\\"b\\\\s\\u0001\\t\",\"n\":42,\"list\":[1,2]}");
        assertThat(Json.parseFlatObject(Json.object().put("text", "q\"b\\s\u0001\t").build()))
                .containsEntry("text", "q\"b\\s\u0001\t");
    }
}
