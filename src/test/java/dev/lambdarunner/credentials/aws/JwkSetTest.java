package dev.lambdarunner.credentials.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import dev.lambdarunner.testsupport.SigningKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwkSetTest {

    static final SigningKey RSA = SigningKey.generate("rsa-1", SigningKey.Kind.RSA);
    static final SigningKey EC = SigningKey.generate("ec-1", SigningKey.Kind.EC);

    private static String set(ObjectNode... keys) {
        StringBuilder doc = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.length; i++) {
            doc.append(i > 0 ? "," : "").append(keys[i]);
        }
        return doc.append("]}").toString();
    }

    @Test
    void readsRsaAndEcSigningKeysByKid() throws Exception {
        Map<String, JWK> keys = JwkSet.parse(set(RSA.jwk(), EC.jwk()));

        assertThat(keys).containsOnlyKeys("rsa-1", "ec-1");
        assertThat(keys.get("rsa-1").getKeyType().getValue()).isEqualTo("RSA");
        assertThat(((ECKey) keys.get("ec-1")).getCurve().getName()).isEqualTo("P-256");
        assertThat(keys.get("ec-1").getAlgorithm().getName()).isEqualTo("ES256");
    }

    @Test
    void leavesOutKeysItCannotTrustAndKeepsTheOthers() throws Exception {
        ObjectNode encryption = RSA.jwk().put("kid", "enc").put("use", "enc");
        ObjectNode noKid = RSA.jwk();
        noKid.remove("kid");
        ObjectNode symmetric = RSA.jwk().put("kid", "oct").put("kty", "oct");
        ObjectNode offCurve = EC.jwk().put("kid", "off-curve").put("y", EC.jwk().get("x").asText());
        ObjectNode brokenModulus = RSA.jwk().put("kid", "broken").put("n", "!!");
        ObjectNode twin = EC.jwk().put("kid", "twin");
        ObjectNode twinAgain = RSA.jwk().put("kid", "twin");

        Map<String, JWK> keys = JwkSet.parse(set(encryption, noKid, symmetric, offCurve, brokenModulus, twin, twinAgain,
                EC.jwk()));

        assertThat(keys).containsOnlyKeys("ec-1");
    }

    @Test
    void aDocumentWithoutKeysIsAnError() {
        assertThatThrownBy(() -> JwkSet.parse("{\"issuer\":\"https://gitlab.example.com\"}")).isInstanceOf(IOException.class)
                .hasMessage("not a JWKS document (no \"keys\" array)");
        assertThatThrownBy(() -> JwkSet.parse("[]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JwkSet.parse("<html>")).isInstanceOf(IOException.class).hasMessage("not JSON");
    }

    @Test
    void smallRsaKeysAreReadButNeverVerify() throws Exception {
        // a 1024-bit modulus: accepted in the set (GitLab would never publish one), refused when verifying
        byte[] modulus = new byte[128];
        modulus[0] = (byte) 0xC1;
        modulus[127] = 1;
        ObjectNode weak = RSA.jwk().put("kid", "weak").put("n", Base64.getUrlEncoder().withoutPadding().encodeToString(modulus));
        JWK key = JwkSet.parse(set(weak)).get("weak");

        assertThat(key).isNotNull();
        assertThat(JwsSignature.verifies(key, new JWSHeader(JWSAlgorithm.RS256), new byte[] {1}, Base64URL.encode(new byte[128])))
                .isFalse();
    }
}
