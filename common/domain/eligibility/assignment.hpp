// assignment.hpp: minimum-cost assignment (the Hungarian method) used by the audit to
// match required courses to passed courses. Kept apart from the audit rules so that it
// can be reasoned about (and tested) as plain combinatorics. Trusts its caller to give a
// rows x cols matrix with rows <= cols and costs small enough that sums do not overflow.
#pragma once
#include <cstdint>
#include <vector>

namespace zk::eligibility::detail {

// Gives every row its own column so that the summed cost is least; returns the column of
// each row. `cost` is row-major, rows x cols. Ties are broken deterministically (by the
// order of rows and columns), so equal inputs always give equal outputs.
std::vector<int> min_cost_assignment(int rows, int cols, const std::vector<std::int64_t>& cost);

}  // namespace zk::eligibility::detail
