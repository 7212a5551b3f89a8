package org.affinityensemble.quarkus.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InternalErrorsTest {

    @Test
    void aFailureAnswersWithAnErrorIdAndNoInternals() {
        Response response = new InternalErrors().unexpected(
                new IllegalStateException("password=hunter2 at jdbc:postgresql://db/secret"));
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType().toString()).isEqualTo(InternalErrors.PROBLEM_JSON);
        Map<?, ?> body = (Map<?, ?>) response.getEntity();
        assertThat(body.get("errorId").toString()).matches("[0-9a-f-]{36}");
        assertThat(body.toString()).doesNotContain("hunter2").doesNotContain("jdbc").doesNotContain("IllegalState");
        assertThat(body.get("detail").toString()).contains(body.get("errorId").toString());
    }

    @Test
    void aClientErrorKeepsItsStatus() {
        Response response = new InternalErrors().unexpected(new NotFoundException("no such dataset"));
        assertThat(response.getStatus()).isEqualTo(404);
    }
}
