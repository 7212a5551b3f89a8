package org.affinityensemble.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.affinityensemble.datasets.SplitCaps;
import org.junit.jupiter.api.Test;

/**
 * The kill and outage matrix of {@code bin/ensemble bench faults --own-stack} ({@link FaultDrill}) with 10 s
 * outages instead of 60 s: every service killed with SIGKILL mid-work and started again, PostgreSQL, the object
 * store and the broker each away during ingestion, training and serving; the served ensemble equals the one an
 * undisturbed system serves for the same data, nothing valid is dead-lettered and serving answers throughout.
 */
class FaultDrillIT {

    @Test
    void theServedEnsembleSurvivesKillsAndOutagesUnchanged() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "fault-drill-it"));
        Path repository = Path.of("").toAbsolutePath().getParent(); // failsafe runs in ensemble-cli/
        FaultDrill.Figures figures = new FaultDrill(repository, new FaultDrill.Settings(
                List.of("sent_amazon", "spam_email", "wordnet_verb"), new SplitCaps(48, 24, 24), 11L,
                Duration.ofSeconds(10), Duration.ofMinutes(15)), logs, System.out).run();
        System.out.println(figures.report());
        figures.notes().forEach(note -> System.out.println("  " + note));

        assertThat(figures.comparison().differences()).isEmpty();
        assertThat(figures.comparison().equal()).as(figures.comparison().report()).isTrue();
        assertThat(figures.validDeadLettered()).as("valid messages dead-lettered").isZero();
        assertThat(figures.servingRequests()).isPositive();
        assertThat(figures.servingErrors()).as("classify errors while a dependency was away").isZero();
        assertThat(figures.killsSurvived()).isEqualTo(5);
        assertThat(figures.outageSecondsSurvived()).isEqualTo(figures.outageSecondsTried()).isEqualTo(90);
    }
}
