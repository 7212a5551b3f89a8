package org.affinityensemble.cluster;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.InMemoryChannels;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster mode every service shares: bearer JWTs from the configured issuer, signed by its key, carrying
 * the scopes in the {@code scope} claim. A token without the scope is 403; a forged, expired or foreign token
 * and the API key are 401.
 */
@QuarkusTest
@TestProfile(JwtAuthenticationTest.Jwt.class)
@QuarkusTestResource(value = InMemoryChannels.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "incoming", value = "affinity"), @ResourceArg(name = "outgoing", value = "groupings"),
        @ResourceArg(name = "database", value = "cluster_jwt_test")})
class JwtAuthenticationTest {

    static final String ISSUER = "https://issuer.affinity-ensemble.test";
    static final Path KEYS = Path.of("target", "jwt-test");

    /** JWT mode with the issuer's public key in a PEM file. */
    public static class Jwt implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            issuerKey();
            return Map.of("ensemble.auth.mode", "jwt",
                    "mp.jwt.verify.publickey.location", KEYS.resolve("public.pem").toAbsolutePath().toString(),
                    "mp.jwt.verify.issuer", ISSUER);
        }
    }

    @BeforeEach
    void noDefaultCredential() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void aTokenWithTheScopeIsLetIn() {
        given().auth().oauth2(token(issuerKey(), ISSUER, "read", 300)).get("/v1/groupings").then().statusCode(404);
        given().auth().oauth2(token(issuerKey(), ISSUER, "read classify operate", 300)).post("/v1/groupings").then()
                .statusCode(405);
    }

    @Test
    void aTokenWithoutTheScopeIsForbidden() {
        given().auth().oauth2(token(issuerKey(), ISSUER, "classify", 300)).get("/v1/groupings").then()
                .statusCode(403);
        given().auth().oauth2(token(issuerKey(), ISSUER, "read", 300)).post("/v1/groupings").then().statusCode(403);
        given().auth().oauth2(token(issuerKey(), ISSUER, "read classify", 300)).delete("/v1/groupings").then()
                .statusCode(403);
    }

    @Test
    void forgedExpiredForeignTokensAndTheApiKeyAreUnauthorized() throws GeneralSecurityException {
        PrivateKey stranger = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        given().get("/v1/groupings").then().statusCode(401);
        given().auth().oauth2(token(stranger, ISSUER, "read", 300)).get("/v1/groupings").then().statusCode(401);
        given().auth().oauth2(token(issuerKey(), "https://elsewhere.test", "read", 300)).get("/v1/groupings")
                .then().statusCode(401);
        given().auth().oauth2(token(issuerKey(), ISSUER, "read", -600)).get("/v1/groupings").then().statusCode(401);
        given().auth().oauth2(ApiKeys.TEST_KEY).get("/v1/groupings").then().statusCode(401);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static String token(PrivateKey key, String issuer, String scope, long lifetimeSeconds) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject("test-client");
        long now = System.currentTimeMillis() / 1000;
        claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now - 1000));
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + lifetimeSeconds));
        claims.setClaim("scope", scope);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer's key pair: made once per build under target/, its public half where the service reads it. */
    static synchronized PrivateKey issuerKey() {
        try {
            Path privateFile = KEYS.resolve("private.key");
            if (!Files.exists(privateFile)) {
                KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
                Files.createDirectories(KEYS);
                Files.writeString(KEYS.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
                Files.write(privateFile, pair.getPrivate().getEncoded());
            }
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
