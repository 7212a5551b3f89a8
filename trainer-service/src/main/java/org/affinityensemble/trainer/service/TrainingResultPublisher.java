package org.affinityensemble.trainer.service;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.quarkus.KeyedMessages;
import org.affinityensemble.training.run.TrainingResultSink;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes results of runs that executed in this process (local mode, or a Job given up) to Kafka. */
@ApplicationScoped
public class TrainingResultPublisher implements TrainingResultSink {

    @Inject
    @Channel("training-results-out")
    MutinyEmitter<String> results;

    @Override
    public void publish(TrainingResult result) {
        results.sendMessage(KeyedMessages.of(result.groupId(), result)).await().atMost(Duration.ofMinutes(2));
    }
}
