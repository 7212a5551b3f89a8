package org.affinityensemble.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    /** A job of {@code size} texts for a key; completes with the sizes of the group it was processed in. */
    private record Job(String key, int size, CompletableFuture<List<Integer>> done) implements MicroBatcher.Job {

        Job(String key, int size) {
            this(key, size, new CompletableFuture<>());
        }

        @Override
        public Object groupKey() {
            return key;
        }

        @Override
        public void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    @Test
    void concurrentJobsAreGroupedByKeyWithinOneBatch() throws Exception {
        List<List<Job>> groups = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allQueued = new CountDownLatch(1);
        try (MicroBatcher<Job> batcher = new MicroBatcher<>("test-batcher", 100, Duration.ofMillis(50), 100,
                group -> {
                    if (group.get(0).key().equals("gate")) {
                        allQueued.await(5, TimeUnit.SECONDS); // the dispatcher is busy while the others queue up
                    } else {
                        groups.add(group);
                    }
                    group.forEach(job -> job.done().complete(group.stream().map(Job::size).toList()));
                })) {
            batcher.submit(new Job("gate", 100));
            List<Job> jobs = List.of(new Job("a", 1), new Job("b", 2), new Job("a", 3), new Job("b", 4),
                    new Job("a", 5));
            jobs.forEach(job -> assertThat(batcher.submit(job)).isTrue());
            allQueued.countDown();
            for (Job job : jobs) {
                job.done().get(5, TimeUnit.SECONDS);
            }
        }
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0)).extracting(Job::size).containsExactly(1, 3, 5);
        assertThat(groups.get(1)).extracting(Job::size).containsExactly(2, 4);
    }

    @Test
    void aBatchClosesAtItsTextLimitAndTheRestFormsTheNext() throws Exception {
        List<Integer> batchTexts = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MicroBatcher<Job> batcher = new MicroBatcher<>("test-batcher", 4, Duration.ofSeconds(10), 100,
                group -> {
                    firstRunning.countDown();
                    release.await(5, TimeUnit.SECONDS);
                    batchTexts.add(group.stream().mapToInt(Job::size).sum());
                    group.forEach(job -> job.done().complete(List.of()));
                })) {
            Job blocker = new Job("x", 1);
            batcher.submit(blocker);
            // Fills to the limit of 4 texts at once, without waiting out the 10 s.
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                jobs.add(new Job("x", 1));
            }
            jobs.forEach(batcher::submit);
            assertThat(firstRunning.await(5, TimeUnit.SECONDS)).as("ran before the 10 s wait was over").isTrue();
            // While that batch runs, six single-text jobs queue up: they form the next two batches (4 + 2).
            List<Job> later = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                later.add(new Job("x", 1));
            }
            later.forEach(batcher::submit);
            release.countDown();
            for (Job job : jobs) {
                job.done().get(5, TimeUnit.SECONDS);
            }
            for (Job job : later.subList(0, 4)) {
                job.done().get(5, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 100 && batcher.queued() > 0; i++) {
                Thread.sleep(50);
            }
            assertThat(batcher.queued()).as("the last two are taken into a batch").isZero();
            assertThat(later.get(5).done()).isNotDone(); // waits for company up to max-wait (10 s)
        }
        assertThat(batchTexts).containsExactly(4, 4, 2); // closing runs the batch already taken
    }

    @Test
    void aBatchWaitsOnlyForAsManyTextsAsThePreviousOneThenTakesWhatIsQueued() throws Exception {
        List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch gateRunning = new CountDownLatch(1);
        CountDownLatch allQueued = new CountDownLatch(1);
        try (MicroBatcher<Job> batcher = new MicroBatcher<>("test-batcher", 100, Duration.ofSeconds(6), 100,
                group -> {
                    if (group.get(0).key().equals("gate")) {
                        gateRunning.countDown();
                        allQueued.await(20, TimeUnit.SECONDS);
                    }
                    groups.add(group.stream().map(Job::size).toList());
                    group.forEach(job -> job.done().complete(List.of()));
                })) {
            // The first batch waits out max-wait (6 s) for a full one and closes with the gate's 2 texts.
            batcher.submit(new Job("gate", 2));
            assertThat(gateRunning.await(20, TimeUnit.SECONDS)).isTrue();
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                jobs.add(new Job("x", 1));
            }
            jobs.forEach(batcher::submit);
            allQueued.countDown();
            // The next one reaches the previous batch's 2 texts at once, takes the 3 queued behind, and runs
            // without waiting for max-wait again.
            for (Job job : jobs) {
                job.done().get(3, TimeUnit.SECONDS);
            }
        }
        assertThat(groups).containsExactly(List.of(2), List.of(1, 1, 1, 1, 1));
    }

    @Test
    void aFailingGroupFailsOnlyItsOwnJobsAndAFullQueueRefuses() throws Exception {
        try (MicroBatcher<Job> batcher = new MicroBatcher<>("test-batcher", 10, Duration.ofMillis(20), 3,
                group -> {
                    if (group.get(0).key().equals("bad")) {
                        throw new IllegalStateException("broken group");
                    }
                    group.forEach(job -> job.done().complete(List.of()));
                })) {
            Job bad = new Job("bad", 1);
            Job good = new Job("good", 1);
            batcher.submit(bad);
            batcher.submit(good);
            assertThat(good.done().get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(bad.done()).isCompletedExceptionally();
        }
        CountDownLatch hold = new CountDownLatch(1);
        MicroBatcher<Job> slow = new MicroBatcher<>("test-batcher", 1, Duration.ZERO, 2, group -> {
            hold.await(5, TimeUnit.SECONDS);
            group.forEach(job -> job.done().complete(List.of()));
        });
        Job running = new Job("k", 1);
        slow.submit(running);
        Thread.sleep(300); // taken off the queue, held in the processor
        Job queued1 = new Job("k", 1);
        Job queued2 = new Job("k", 1);
        assertThat(slow.submit(queued1)).isTrue();
        assertThat(slow.submit(queued2)).isTrue();
        assertThat(slow.submit(new Job("k", 1))).as("queue of 2 is full").isFalse();
        hold.countDown();
        queued2.done().get(5, TimeUnit.SECONDS);
        slow.close();
        assertThat(slow.submit(new Job("k", 1))).as("closed").isFalse();
    }
}
