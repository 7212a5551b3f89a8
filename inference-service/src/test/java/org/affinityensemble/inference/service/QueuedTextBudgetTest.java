package org.affinityensemble.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueuedTextBudgetTest {

    @Test
    void refusesWhatDoesNotFitAndTakesItBackWhenAnswered() {
        QueuedTextBudget budget = new QueuedTextBudget(100);
        assertThat(budget.tryAcquire(60)).isTrue();
        assertThat(budget.tryAcquire(41)).as("60 + 41 > 100").isFalse();
        assertThat(budget.queued()).as("a refused request takes nothing").isEqualTo(60);
        assertThat(budget.tryAcquire(40)).isTrue();
        budget.release(60);
        assertThat(budget.tryAcquire(60)).isTrue();
        assertThat(budget.queued()).isEqualTo(100);
    }
}
