package org.affinityensemble.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.storage.ObjectStoreException;
import org.junit.jupiter.api.Test;

class RetriesTest {

    private static final Duration SHORT = Duration.ofMillis(1);

    @Test
    void aDependencyThatIsAwayIsWaitedForLongerThanTheAttemptsOfOtherFailures() {
        AtomicInteger calls = new AtomicInteger();
        String result = Retries.<String>backingOff(() -> calls.incrementAndGet() <= 30
                ? Uni.createFrom().failure(new ObjectStoreException("put failed",
                        new ConnectException("Connection refused")))
                : Uni.createFrom().item("stored"), SHORT, SHORT, SHORT).await().atMost(Duration.ofSeconds(10));
        assertThat(result).isEqualTo("stored");
        assertThat(calls).hasValue(31);
    }

    @Test
    void anotherFailureIsTriedEightTimesMoreAndARejectionNotAgain() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retries.<String>backingOff(() -> {
            calls.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("a bug"));
        }, SHORT, SHORT, SHORT).await().atMost(Duration.ofSeconds(10))).hasMessage("a bug");
        assertThat(calls).hasValue(9);

        AtomicInteger rejected = new AtomicInteger();
        assertThatThrownBy(() -> Retries.<String>backingOff(() -> {
            rejected.incrementAndGet();
            return Uni.createFrom().failure(new InvalidEventException("bad input"));
        }, SHORT, SHORT, SHORT).await().atMost(Duration.ofSeconds(10))).isInstanceOf(InvalidEventException.class);
        assertThat(rejected).hasValue(1);
    }

    @Test
    void transientFailuresAreThoseOfADependencyThatIsAway() {
        assertThat(Retries.isTransient(new RuntimeException(new ConnectException("refused")))).isTrue();
        assertThat(Retries.isTransient(new IllegalStateException("Connection is closed"))).isTrue();
        assertThat(Retries.isTransient(new org.apache.kafka.common.errors.TimeoutException("metadata"))).isTrue();
        assertThat(Retries.isTransient(new IllegalStateException("corrupt stored grouping"))).isFalse();
        assertThat(Retries.isTransient(new InvalidEventException("bad", new ConnectException("x")))).isFalse();
    }
}
