package org.affinityensemble.grouping;

import java.util.Arrays;

/**
 * Maximum-weight bipartite matching by the Hungarian algorithm with potentials (O(N³), N = max(rows, columns)):
 * the rectangular weight matrix is padded with zero-weight rows or columns to a square assignment problem.
 */
final class MaxWeightMatching {

    private MaxWeightMatching() {
    }

    /**
     * @param weights rows × columns, finite
     * @return for each row the matched column, or −1 where the row was matched to padding
     */
    static int[] maximise(double[][] weights) {
        int rows = weights.length;
        int columns = rows == 0 ? 0 : weights[0].length;
        int size = Math.max(rows, columns);
        double[][] cost = new double[size + 1][size + 1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                cost[i + 1][j + 1] = -weights[i][j];
            }
        }
        double[] rowPotential = new double[size + 1];
        double[] columnPotential = new double[size + 1];
        int[] rowOfColumn = new int[size + 1];
        int[] previousColumn = new int[size + 1];
        for (int row = 1; row <= size; row++) {
            rowOfColumn[0] = row;
            int column = 0;
            double[] slack = new double[size + 1];
            Arrays.fill(slack, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[size + 1];
            do {
                used[column] = true;
                int currentRow = rowOfColumn[column];
                double delta = Double.POSITIVE_INFINITY;
                int nextColumn = 0;
                for (int j = 1; j <= size; j++) {
                    if (!used[j]) {
                        double reduced = cost[currentRow][j] - rowPotential[currentRow] - columnPotential[j];
                        if (reduced < slack[j]) {
                            slack[j] = reduced;
                            previousColumn[j] = column;
                        }
                        if (slack[j] < delta) {
                            delta = slack[j];
                            nextColumn = j;
                        }
                    }
                }
                for (int j = 0; j <= size; j++) {
                    if (used[j]) {
                        rowPotential[rowOfColumn[j]] += delta;
                        columnPotential[j] -= delta;
                    } else {
                        slack[j] -= delta;
                    }
                }
                column = nextColumn;
            } while (rowOfColumn[column] != 0);
            do {
                int previous = previousColumn[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            } while (column != 0);
        }
        int[] columnOfRow = new int[rows];
        Arrays.fill(columnOfRow, -1);
        for (int j = 1; j <= size; j++) {
            int row = rowOfColumn[j] - 1;
            if (row >= 0 && row < rows && j - 1 < columns) {
                columnOfRow[row] = j - 1;
            }
        }
        return columnOfRow;
    }
}
