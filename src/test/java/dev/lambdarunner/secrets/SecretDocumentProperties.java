package dev.lambdarunner.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarunner.sensitive.Secret;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The secret document for any content: what is written is read back unchanged, and whatever breaks a rule is
 * refused with a message that holds none of the document's values.
 */
class SecretDocumentProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Values for the leak checks carry '~', which no message ever contains. */
    private static Arbitrary<String> markedValues(int minLength) {
        return Arbitraries.strings().withChars("abcXYZ019-_./+=:@#\"\\ é€").ofMinLength(minLength - 2).ofMaxLength(30)
                .map(s -> "~" + s + "~");
    }

    private static Arbitrary<String> anyValue() {
        return Arbitraries.strings().all().excludeChars('\0').ofMinLength(SecretDocument.MIN_VALUE_LENGTH).ofMaxLength(40);
    }

    private static Arbitrary<String> headerSafe() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(60);
    }

    private static Arbitrary<String> variableNames() {
        return Arbitraries.strings().withCharRange('A', 'Z').withChars('_', '1').ofMinLength(1).ofMaxLength(12)
                .filter(n -> !Character.isDigit(n.charAt(0)) && SecretNames.variableNameProblem(n).isEmpty());
    }

    private static Arbitrary<RunnerSecrets> documents(Arbitrary<String> token, Arbitrary<String> values) {
        Arbitrary<CredentialSet> set = Combinators.combine(Arbitraries.of(CredentialSet.Scope.class),
                        Arbitraries.maps(variableNames(), values.map(Secret::of)).ofMinSize(1).ofMaxSize(4))
                .as(CredentialSet::new);
        Arbitrary<String> setNames = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', '7')
                .ofMinLength(1).ofMaxLength(10).filter(n -> SecretNames.setNameProblem(n).isEmpty());
        return Combinators.combine(token.map(Secret::of), token.map(Secret::of).optional(),
                        Arbitraries.maps(setNames, set).ofMaxSize(3))
                .as(RunnerSecrets::new)
                .filter(SecretDocumentProperties::valid);
    }

    private static boolean valid(RunnerSecrets secrets) {
        try {
            SecretDocumentRules.check(secrets);
            return true;
        } catch (SecretDocumentException e) {
            return false; // the same variable in two sets of one scope
        }
    }

    @Provide
    Arbitrary<RunnerSecrets> anyDocument() {
        return documents(headerSafe(), anyValue());
    }

    @Provide
    Arbitrary<RunnerSecrets> markedDocument() {
        return documents(markedValues(10).map(s -> s.replace(" ", "").replace("é", "e").replace("€", "E")),
                markedValues(SecretDocument.MIN_VALUE_LENGTH));
    }

    @Property
    void whatIsWrittenIsReadBackUnchanged(@ForAll("anyDocument") RunnerSecrets secrets) throws Exception {
        RunnerSecrets read = SecretDocument.parse(SecretDocument.render(secrets));

        assertThat(read.runnerToken().value()).isEqualTo(secrets.runnerToken().value());
        assertThat(read.webhookSecret().map(Secret::value)).isEqualTo(secrets.webhookSecret().map(Secret::value));
        assertThat(read.credentialSets()).hasSameSizeAs(secrets.credentialSets());
        secrets.credentialSets().forEach((name, set) -> {
            CredentialSet back = read.credentialSets().get(name);
            assertThat(back.scope()).isEqualTo(set.scope());
            assertThat(back.values()).hasSameSizeAs(set.values());
            set.values().forEach((k, v) -> assertThat(back.values().get(k).value()).isEqualTo(v.value()));
        });
        assertThat(read.valuesToMask()).extracting(Secret::value)
                .containsExactlyInAnyOrderElementsOf(secrets.valuesToMask().stream().map(Secret::value).toList());
    }

    @Property
    void noValueEverShowsInToString(@ForAll("markedDocument") RunnerSecrets secrets) {
        String printed = secrets.toString() + secrets.credentialSets().values();
        secrets.valuesToMask().forEach(secret -> assertThat(printed).doesNotContain(secret.value()));
    }

    /** Ways to break a valid document; each keeps the values in it. */
    enum Breakage {
        RESERVED_NAME, VALUE_AS_NAME, SHORT_VALUE, VALUE_AS_SCOPE, VALUE_AS_SET_NAME, TOKEN_WITH_SPACE,
        NUMBER_VALUE, BROKEN_JSON, DUPLICATE_IN_SCOPE, NEWER_VERSION
    }

    @Property
    void aBrokenDocumentIsRefusedWithoutShowingAValue(@ForAll("markedDocument") RunnerSecrets secrets,
                                                      @ForAll Breakage breakage,
                                                      @ForAll("markedValues") String extra) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(SecretDocument.render(secrets));
        ObjectNode sets = root.has("credential_sets") ? (ObjectNode) root.get("credential_sets") : root.putObject("credential_sets");
        if (sets.isEmpty()) {
            sets.putObject("base").put("scope", "all-refs").putObject("values").put("BASE_KEY", extra);
        }
        ObjectNode firstSet = (ObjectNode) sets.elements().next();
        ObjectNode values = (ObjectNode) firstSet.get("values");
        String json = switch (breakage) {
            case RESERVED_NAME -> write(values.put("AWS_SESSION_TOKEN", extra), root);
            case VALUE_AS_NAME -> write(values.put(extra, extra), root);
            case SHORT_VALUE -> write(values.put("SHORT_ONE", "~ab~"), root);
            case VALUE_AS_SCOPE -> write(firstSet.put("scope", extra), root);
            case VALUE_AS_SET_NAME -> write(sets.set(extra, firstSet.deepCopy()), root);
            case TOKEN_WITH_SPACE -> write(root.put("runner_token", "glrt- " + extra), root);
            case NUMBER_VALUE -> write(values.put("NUMERIC_KEY", 12345678), root);
            case BROKEN_JSON -> JSON.writeValueAsString(root).replaceFirst("\":\"~", "\":~");
            case DUPLICATE_IN_SCOPE -> write(sets.putObject("zz-copy").put("scope", firstSet.get("scope").asText())
                    .set("values", values.deepCopy()), root);
            case NEWER_VERSION -> write(root.put("version", 2), root);
        };
        List<String> everyValue = new ArrayList<>(secrets.valuesToMask().stream().map(Secret::value).toList());
        everyValue.add(extra);
        everyValue.add("~ab~");

        assertThatThrownBy(() -> SecretDocument.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SecretDocumentException.class)
                .satisfies(e -> everyValue.forEach(v -> assertThat(e.getMessage()).doesNotContain(v)));
    }

    @Provide
    Arbitrary<String> markedValues() {
        return markedValues(SecretDocument.MIN_VALUE_LENGTH);
    }

    private static String write(Object ignored, ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            fail("serialising a test document", e);
            return null;
        }
    }
}
