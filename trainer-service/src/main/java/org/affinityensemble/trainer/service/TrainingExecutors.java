package org.affinityensemble.trainer.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.trainer.config.TrainerConfig;
import org.affinityensemble.trainer.execution.KubernetesTrainingExecutor;
import org.affinityensemble.trainer.execution.LocalTrainingExecutor;
import org.affinityensemble.trainer.execution.TrainingExecutor;
import org.affinityensemble.trainer.execution.TrainingJobTemplate;
import org.jboss.logging.Logger;

/** Chooses where runs execute from {@code ensemble.trainer.mode}; the Kubernetes client is created only when used. */
@ApplicationScoped
public class TrainingExecutors {

    private static final Logger LOG = Logger.getLogger(TrainingExecutors.class);

    @Produces
    @ApplicationScoped
    TrainingExecutor executor(TrainerConfig config, ObjectStore store, Instance<LanguageModel> model,
            TrainingResultPublisher results, RecordedAttempts attempts, Instance<KubernetesClient> kubernetes) {
        return switch (config.mode()) {
            case LOCAL -> new LocalTrainingExecutor(store, model::get, results, attempts, config.maxAttempts(),
                    config.retryBackoff());
            case KUBERNETES -> {
                KubernetesClient client = kubernetes.get();
                TrainingJobTemplate template = new TrainingJobTemplate(
                        config.kubernetes().settings(
                        client.getNamespace() == null ? "default" : client.getNamespace()));
                KubernetesTrainingExecutor executor = new KubernetesTrainingExecutor(client, template,
                        config.maxAttempts(), results, attempts);
                executor.watch();
                LOG.infof("training runs execute as Jobs in namespace %s (image %s, %d GPU)",
                        template.settings().namespace(), template.settings().image(), template.settings().gpuCount());
                yield executor;
            }
        };
    }

    void close(@Disposes TrainingExecutor executor) throws Exception {
        ((AutoCloseable) executor).close();
    }
}
