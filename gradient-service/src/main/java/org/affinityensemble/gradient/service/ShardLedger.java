package org.affinityensemble.gradient.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.gradient.entity.CompletedShard;
import org.affinityensemble.gradient.repository.CompletedShardRepository;

/** Which shards have their gradients published, shared by all worker instances through PostgreSQL. */
@ApplicationScoped
public class ShardLedger {

    /** Progress of one dataset revision under one projection. */
    public record Progress(int done, int shardCount, long examples) {

        public boolean complete() {
            return shardCount > 0 && done >= shardCount;
        }
    }

    @Inject
    CompletedShardRepository shards;

    @WithSession
    public Uni<Boolean> isDone(String datasetId, int revision, String projectionId, int shard) {
        return shards.findById(new CompletedShard.Key(datasetId, revision, projectionId, shard)).map(s -> s != null);
    }

    /** Records a published shard (once, however often it is redelivered) and returns the dataset's progress. */
    @WithTransaction
    public Uni<Progress> record(GradientBatch batch, String worker) {
        String projectionId = batch.projection().id();
        return shards.findById(new CompletedShard.Key(batch.datasetId(), batch.revision(), projectionId, batch.shard()))
                .flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().voidItem();
                    }
                    CompletedShard shard = new CompletedShard();
                    shard.datasetId = batch.datasetId();
                    shard.revision = batch.revision();
                    shard.projectionId = projectionId;
                    shard.shard = batch.shard();
                    shard.shardCount = batch.shardCount();
                    shard.examples = batch.examples().size();
                    shard.worker = worker;
                    shard.completedAt = Instant.now();
                    return shards.persist(shard).replaceWithVoid();
                })
                .flatMap(ignored -> shards.flush())
                .flatMap(ignored -> progress(batch.datasetId(), batch.revision(), projectionId));
    }

    @WithSession
    public Uni<Progress> progress(String datasetId, int revision, String projectionId) {
        return shards.ofDataset(datasetId, revision, projectionId).map(ShardLedger::summarise);
    }

    @WithSession
    public Uni<List<CompletedShard>> shardsOf(String datasetId) {
        return shards.ofDataset(datasetId);
    }

    private static Progress summarise(List<CompletedShard> done) {
        int count = done.stream().mapToInt(s -> s.shardCount).max().orElse(0);
        long examples = done.stream().mapToLong(s -> s.examples).sum();
        return new Progress(done.size(), count, examples);
    }
}
