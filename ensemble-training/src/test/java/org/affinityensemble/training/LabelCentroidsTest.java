package org.affinityensemble.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LabelCentroidsTest {

    @Test
    void aCentroidIsTheNormalisedMeanOfItsClassRows() {
        float[][] features = {{1, 0}, {0, 1}, {1, 0}, {0, -1}};
        int[] labels = {0, 0, 1, 1};
        float[][] centroids = LabelCentroids.centroids(features, labels, 2, null);
        float half = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[] {half, half}, centroids[0], 1e-6f);
        assertArrayEquals(new float[] {half, -half}, centroids[1], 1e-6f);
    }

    @Test
    void aLabelWithoutExamplesKeepsItsNamePrototype() {
        float[][] features = {{3, 4}};
        float[][] names = {{0, 1}, {1, 0}};
        float[][] centroids = LabelCentroids.centroids(features, new int[] {0}, 2, names);
        assertArrayEquals(new float[] {0.6f, 0.8f}, centroids[0], 1e-6f);
        assertArrayEquals(names[1], centroids[1]);
        assertEquals(2, centroids.length);
    }

    @Test
    void withoutExamplesOrPrototypeItRefuses() {
        assertThrows(IllegalArgumentException.class,
                () -> LabelCentroids.centroids(new float[][] {{1, 0}}, new int[] {0}, 2, null));
    }
}
