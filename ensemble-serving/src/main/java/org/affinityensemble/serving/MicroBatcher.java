package org.affinityensemble.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Collects concurrent requests into batches in front of the model: the first request of a batch waits at most
 * {@code maxWait} for others, but only until the batch holds as many texts as the previous batch (the clients
 * just answered are likely to come back; waiting for more would leave the model idle), then takes whatever else
 * is already queued, up to {@code maxTexts} texts. A steady load thus gets full batches without waiting out
 * {@code maxWait}, a falling load waits once and adapts, and a lone client (batches of one) never waits. Each
 * batch is then split into
 * groups of requests that can share forward passes (same {@link Job#groupKey()}), and each group is handed to
 * the processor in one call. One dispatcher thread runs the processor, so forward passes never compete for the
 * CPU; while one runs, the next batch fills up. A failing group fails only its own jobs.
 *
 * @param <J> the job type
 */
public final class MicroBatcher<J extends MicroBatcher.Job> implements AutoCloseable {

    /** One request: how many texts it brings and what it can be batched with. */
    public interface Job {

        int size();

        /** Jobs with equal keys go through the same forward passes. */
        Object groupKey();

        /** Ends the job with an error (its group failed, or the batcher closed). */
        void fail(Throwable cause);
    }

    /** Runs the forward passes of one group and completes its jobs. */
    @FunctionalInterface
    public interface GroupProcessor<J> {
        void process(List<J> group) throws Exception;
    }

    /** How often a waiting dispatcher looks whether it was closed. */
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final int maxTexts;
    private final long maxWaitNanos;
    private final BlockingQueue<J> queue;
    private final GroupProcessor<J> processor;
    private final Thread dispatcher;
    private volatile boolean running = true;
    /** Texts of the last batch (dispatcher thread only); the first batch waits for a full one. */
    private int previousBatchTexts;

    public MicroBatcher(String name, int maxTexts, Duration maxWait, int queueCapacity, GroupProcessor<J> processor) {
        if (maxTexts < 1 || maxWait.isNegative() || queueCapacity < 1) {
            throw new IllegalArgumentException("invalid batcher settings");
        }
        this.maxTexts = maxTexts;
        this.previousBatchTexts = maxTexts;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.processor = processor;
        this.dispatcher = new Thread(this::dispatch, name);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** Queues a job; false if the queue is full or the batcher closed (the job is then not touched). */
    public boolean submit(J job) {
        return running && queue.offer(job);
    }

    /** Jobs waiting for the model. */
    public int queued() {
        return queue.size();
    }

    private void dispatch() {
        while (running) {
            List<J> batch;
            try {
                batch = collect();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (batch.isEmpty()) {
                continue;
            }
            Map<Object, List<J>> groups = new LinkedHashMap<>();
            for (J job : batch) {
                groups.computeIfAbsent(job.groupKey(), key -> new ArrayList<>()).add(job);
            }
            for (List<J> group : groups.values()) {
                try {
                    processor.process(group);
                } catch (Throwable e) {
                    group.forEach(job -> job.fail(e));
                }
            }
        }
        List<J> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(job -> job.fail(new IllegalStateException("the service is shutting down")));
    }

    private List<J> collect() throws InterruptedException {
        List<J> batch = new ArrayList<>();
        J first = queue.poll(POLL_SLICE_NANOS, TimeUnit.NANOSECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        int texts = first.size();
        int target = Math.min(maxTexts, previousBatchTexts);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (texts < maxTexts && running) {
            J next;
            if (texts >= target) {
                next = queue.poll(); // as large as the last batch: take only what is already waiting
            } else {
                long remaining = deadline - System.nanoTime();
                next = remaining > 0 ? queue.poll(Math.min(remaining, POLL_SLICE_NANOS), TimeUnit.NANOSECONDS)
                        : queue.poll();
                if (next == null && remaining > 0) {
                    continue;
                }
            }
            if (next == null) {
                break;
            }
            batch.add(next);
            texts += next.size();
        }
        previousBatchTexts = texts;
        return batch;
    }

    /** Stops taking jobs, lets the batch already taken finish and fails the jobs still queued. */
    @Override
    public void close() {
        running = false;
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
