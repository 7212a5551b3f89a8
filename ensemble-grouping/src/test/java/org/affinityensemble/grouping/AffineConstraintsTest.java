package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AffineConstraintsTest {

    private static final int N = 7;

    @Test
    void adjointSatisfiesTheInnerProductIdentity() {
        AffineConstraints constraints = new AffineConstraints(N, 3);
        Random random = new Random(1);
        double[] x = Matrices.flat(Matrices.randomAffinity(N, 2));
        double[] y = random.doubles(N + 1).toArray();
        double[] adjoint = new double[N * N];
        constraints.addAdjoint(y, 1.0, adjoint);
        double left = dot(constraints.apply(x), y);
        double right = dot(x, adjoint);
        assertThat(left).isCloseTo(right, within(1e-12));
    }

    @Test
    void projectionLandsOnTheAffineSetAndIsOrthogonal() {
        for (double trace : new double[] {3, Double.NaN}) {
            AffineConstraints constraints = new AffineConstraints(N, trace);
            double[] z = Matrices.flat(Matrices.randomAffinity(N, 5));
            double[] p = z.clone();
            constraints.project(p);
            double[] applied = constraints.apply(p);
            double[] rhs = constraints.rhs();
            for (int k = 0; k < rhs.length; k++) {
                assertThat(applied[k]).isCloseTo(rhs[k], within(1e-12));
            }
            // Z − P(Z) is orthogonal to every direction inside the affine set: take two feasible points.
            double[] feasibleA = Matrices.flat(Matrices.partitionMatrix(List.of(List.of(0, 1, 2), List.of(3, 4),
                    List.of(5, 6)), N));
            double[] feasibleB = Matrices.flat(Matrices.partitionMatrix(List.of(List.of(0, 6), List.of(1, 2, 3),
                    List.of(4, 5)), N));
            double inner = 0;
            for (int k = 0; k < z.length; k++) {
                inner += (z[k] - p[k]) * (feasibleA[k] - feasibleB[k]);
            }
            assertThat(inner).isCloseTo(0.0, within(1e-12));
            double[] again = p.clone();
            constraints.project(again);
            for (int k = 0; k < p.length; k++) {
                assertThat(again[k]).isCloseTo(p[k], within(1e-13));
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
