package org.affinityensemble.cluster;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.InMemoryChannels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API-key mode every service shares (ensemble-quarkus): the API needs the key, health and metrics do not; a
 * missing or wrong key is 401, the key itself reaches the resource.
 */
@QuarkusTest
@QuarkusTestResource(value = InMemoryChannels.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "incoming", value = "affinity"), @ResourceArg(name = "outgoing", value = "groupings"),
        @ResourceArg(name = "database", value = "cluster_auth_test")})
class ApiKeyAuthenticationTest {

    @BeforeEach
    void noDefaultCredential() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void theApiNeedsTheKey() {
        given().get("/v1/groupings").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", ApiKeys.bearer("not-the-key-but-long-enough")).get("/v1/groupings")
                .then().statusCode(401);
        given().header("Authorization", "Basic " + ApiKeys.TEST_KEY).get("/v1/groupings").then().statusCode(401);
        given().get("/q/openapi").then().statusCode(401);
        // with the key the resource answers: no grouping yet in a fresh database
        given().header("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).get("/v1/groupings").then().statusCode(404);
        given().header("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).get("/q/openapi").then().statusCode(200);
    }

    @Test
    void writesNeedTheKeyToo() {
        given().post("/v1/groupings").then().statusCode(401);
        given().delete("/v1/groupings").then().statusCode(401);
        given().header("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).post("/v1/groupings").then().statusCode(405);
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        given().header("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).contentType("application/json")
                .body("x".repeat(1024 * 1024 + 1)).post("/v1/groupings").then().statusCode(413);
    }
}
