// assignment.cpp: the O(rows² · cols) Hungarian method with row and column potentials.
// The audit calls it only for the rare connected groups of requirements that compete for
// the same passed courses, so clarity matters more here than the last constant factor.
#include "common/domain/eligibility/assignment.hpp"

#include <algorithm>
#include <limits>

namespace zk::eligibility::detail {

std::vector<int> min_cost_assignment(int rows, int cols, const std::vector<std::int64_t>& cost) {
    const std::int64_t inf = std::numeric_limits<std::int64_t>::max() / 4;
    // Index 0 is a virtual column holding the row being inserted; real rows and columns
    // are 1-based so that "no row" can be 0.
    std::vector<std::int64_t> u(static_cast<std::size_t>(rows) + 1, 0), v(static_cast<std::size_t>(cols) + 1, 0);
    std::vector<std::int64_t> minv(static_cast<std::size_t>(cols) + 1);
    std::vector<int> owner(static_cast<std::size_t>(cols) + 1, 0), way(static_cast<std::size_t>(cols) + 1, 0);
    std::vector<char> used(static_cast<std::size_t>(cols) + 1);
    for (int i = 1; i <= rows; ++i) {
        owner[0] = i;
        int j0 = 0;
        std::fill(minv.begin(), minv.end(), inf);
        std::fill(used.begin(), used.end(), 0);
        do {
            used[static_cast<std::size_t>(j0)] = 1;
            const int i0 = owner[static_cast<std::size_t>(j0)];
            std::int64_t delta = inf;
            int j1 = 0;
            const std::int64_t* row = cost.data() + static_cast<std::size_t>(i0 - 1) * static_cast<std::size_t>(cols);
            for (int j = 1; j <= cols; ++j) {
                const auto uj = static_cast<std::size_t>(j);
                if (used[uj]) continue;
                const std::int64_t cur = row[j - 1] - u[static_cast<std::size_t>(i0)] - v[uj];
                if (cur < minv[uj]) {
                    minv[uj] = cur;
                    way[uj] = j0;
                }
                if (minv[uj] < delta) {
                    delta = minv[uj];
                    j1 = j;
                }
            }
            for (int j = 0; j <= cols; ++j) {
                const auto uj = static_cast<std::size_t>(j);
                if (used[uj]) {
                    u[static_cast<std::size_t>(owner[uj])] += delta;
                    v[uj] -= delta;
                } else {
                    minv[uj] -= delta;
                }
            }
            j0 = j1;
        } while (owner[static_cast<std::size_t>(j0)] != 0);
        do {
            const int j1 = way[static_cast<std::size_t>(j0)];
            owner[static_cast<std::size_t>(j0)] = owner[static_cast<std::size_t>(j1)];
            j0 = j1;
        } while (j0 != 0);
    }
    std::vector<int> column_of(static_cast<std::size_t>(rows), -1);
    for (int j = 1; j <= cols; ++j) {
        const int r = owner[static_cast<std::size_t>(j)];
        if (r != 0) column_of[static_cast<std::size_t>(r - 1)] = j - 1;
    }
    return column_of;
}

}  // namespace zk::eligibility::detail
