/* Matrix transposition (data movement only: every variant's bits are the same, so one version). */
#include "SwiftRLKernels.h"

void swiftrl_transpose(const float *source, int rows, int columns, float *destination) {
    enum { BLOCK = 16 };
    for (int r0 = 0; r0 < rows; r0 += BLOCK) {
        const int r1 = r0 + BLOCK < rows ? r0 + BLOCK : rows;
        for (int c0 = 0; c0 < columns; c0 += BLOCK) {
            const int c1 = c0 + BLOCK < columns ? c0 + BLOCK : columns;
            for (int r = r0; r < r1; ++r)
                for (int c = c0; c < c1; ++c) destination[c * rows + r] = source[r * columns + c];
        }
    }
}
