package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/** Checks the projection by the Moreau decomposition: A = P − N with P ⪰ 0, N ⪰ 0 and ⟨P, N⟩ = 0. */
class PsdConeTest {

    @Test
    void projectionIsTheMoreauDecompositionPart() {
        for (int n : new int[] {2, 5, 12}) {
            double[] a = Matrices.flat(Matrices.randomAffinity(n, n));
            double[] p = new double[n * n];
            new PsdCone(n).project(a, p);
            double[] negativePart = new double[n * n];
            double inner = 0;
            for (int k = 0; k < a.length; k++) {
                negativePart[k] = p[k] - a[k];
                inner += p[k] * negativePart[k];
            }
            assertThat(smallestEigenvalue(p, n)).isGreaterThan(-1e-12);
            assertThat(smallestEigenvalue(negativePart, n)).isGreaterThan(-1e-12);
            assertThat(inner).isCloseTo(0.0, within(1e-10));
        }
    }

    @Test
    void keepsPsdMatricesAndClipsDiagonalOnes() {
        double[] diagonal = {3, 0, 0, 0, -2, 0, 0, 0, 0.5};
        double[] p = new double[9];
        new PsdCone(3).project(diagonal, p);
        assertThat(p).containsExactly(new double[] {3, 0, 0, 0, 0, 0, 0, 0, 0.5}, within(1e-12));
        double[] psd = {2, 1, 1, 2};
        double[] q = new double[4];
        new PsdCone(2).project(psd, q);
        assertThat(q).containsExactly(psd, within(1e-12));
    }

    private static double smallestEigenvalue(double[] a, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(n, false, true);
        eigen.decompose(new DMatrixRMaj(n, n, true, a));
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            min = Math.min(min, eigen.getEigenvalue(k).real);
        }
        return min;
    }
}
