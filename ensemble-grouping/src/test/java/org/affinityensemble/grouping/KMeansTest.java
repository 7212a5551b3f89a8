package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KMeansTest {

    @Test
    void separatesWellSeparatedBlobsDeterministically() {
        Random random = new Random(2);
        double[][] points = new double[60][2];
        int[] truth = new int[60];
        for (int i = 0; i < 60; i++) {
            truth[i] = i % 3;
            points[i][0] = 10 * truth[i] + random.nextGaussian();
            points[i][1] = -5 * truth[i] + random.nextGaussian();
        }
        int[] labels = new KMeans(11).cluster(points, 3);
        assertThat(AdjustedRandIndex.of(labels, truth)).isEqualTo(1.0);
        assertThat(new KMeans(11).cluster(points, 3)).isEqualTo(labels);
    }

    @Test
    void usesEveryLabelEvenWithDuplicatePoints() {
        double[][] points = {{0}, {0}, {0}, {1}, {1}};
        int[] labels = new KMeans(3).cluster(points, 4);
        assertThat(labels).contains(0, 1, 2, 3);
        assertThatThrownBy(() -> new KMeans(3).cluster(points, 6)).isInstanceOf(IllegalArgumentException.class);
    }
}
