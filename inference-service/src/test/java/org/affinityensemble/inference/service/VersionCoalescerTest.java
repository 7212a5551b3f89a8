package org.affinityensemble.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionCoalescerTest {

    private final VersionCoalescer<Long> coalescer = new VersionCoalescer<>(Long::longValue);

    @Test
    void aBurstLoadsOnlyItsNewestVersion() {
        assertThat(coalescer.offer(1L)).isTrue();
        assertThat(coalescer.offer(3L)).isTrue();
        assertThat(coalescer.offer(2L)).as("older than the one waiting").isFalse();
        assertThat(coalescer.next()).contains(3L);
        assertThat(coalescer.next()).isEmpty();
    }

    @Test
    void versionsNotNewerThanTheOneServingOrLoadingAreSkipped() {
        coalescer.offer(5L);
        assertThat(coalescer.next()).contains(5L);
        assertThat(coalescer.offer(5L)).as("the same version while it loads").isFalse();
        assertThat(coalescer.offer(6L)).as("a newer one while 5 loads").isTrue();
        coalescer.loaded(5L);
        assertThat(coalescer.next()).contains(6L);
        coalescer.loaded(6L);
        assertThat(coalescer.offer(4L)).isFalse();
        assertThat(coalescer.offer(6L)).isFalse();
    }

    @Test
    void aFailedVersionIsTriedAgainWhenPublishedAgain() {
        coalescer.offer(2L);
        coalescer.loaded(coalescer.next().orElseThrow());
        coalescer.offer(3L);
        coalescer.failed(coalescer.next().orElseThrow());
        assertThat(coalescer.offer(3L)).isTrue();
        assertThat(coalescer.next()).contains(3L);
    }
}
