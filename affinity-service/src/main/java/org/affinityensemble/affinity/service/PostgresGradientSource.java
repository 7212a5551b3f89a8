package org.affinityensemble.affinity.service;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.affinityensemble.affinity.GradientSource;
import org.affinityensemble.affinity.TaskExample;
import org.affinityensemble.events.Vectors;

/**
 * Streams stored gradients from PostgreSQL a page at a time, in sample-id order (keyset pagination), so an
 * estimation's memory does not grow with the number of examples. Blocks: call it from a worker thread.
 */
final class PostgresGradientSource implements GradientSource {

    private static final String PAGE = "SELECT sample_id, f0, vector FROM example_gradient WHERE projection_id = $1 "
            + "AND dataset_id = $2 AND revision = $3 AND validation = $4 AND sample_id > $5 ORDER BY sample_id LIMIT $6";

    private final Pool pool;
    private final String projectionId;
    private final Map<String, Integer> revisions;
    private final int dimension;
    private final int pageSize;

    PostgresGradientSource(Pool pool, String projectionId, Map<String, Integer> revisions, int dimension, int pageSize) {
        this.pool = pool;
        this.projectionId = projectionId;
        this.revisions = Map.copyOf(revisions);
        this.dimension = dimension;
        this.pageSize = pageSize;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void forEachChunk(String taskId, boolean validation, Consumer<List<TaskExample>> consumer) {
        Integer revision = revisions.get(taskId);
        if (revision == null) {
            return;
        }
        String after = "";
        while (true) {
            var rows = pool.preparedQuery(PAGE)
                    .execute(Tuple.from(List.of(projectionId, taskId, revision, validation, after, pageSize)))
                    .await().indefinitely();
            List<TaskExample> chunk = new ArrayList<>(rows.size());
            for (Row row : rows) {
                chunk.add(new TaskExample(taskId, row.getString("sample_id"), validation, row.getDouble("f0"),
                        Vectors.fromBytes(row.getBuffer("vector").getBytes())));
            }
            if (chunk.isEmpty()) {
                return;
            }
            consumer.accept(chunk);
            after = chunk.get(chunk.size() - 1).sampleId();
            if (chunk.size() < pageSize) {
                return;
            }
        }
    }
}
