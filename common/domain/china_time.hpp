// china_time.hpp: a date and time typed in a form (<input type="datetime-local">), read as
// China time (Asia/Shanghai, UTC+8 all year). The database turns the normalised text into
// a timestamptz (`$n::timestamp AT TIME ZONE 'Asia/Shanghai'`), so no clock or zone
// arithmetic happens here. Pure functions; trust nothing they are given.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace zk::china_time {

// "2025-05-17T08:30", "2025-05-17T08:30:15" or the same with a space for the 'T' →
// "2025-05-17 08:30:00" (seconds kept when typed). nullopt for anything else: a date that
// does not exist (2025-02-29), hours past 23, years outside 2000..2099, extra text.
// Normalised values compare in time order as plain strings (one zone, no daylight saving).
std::optional<std::string> parse_local(std::string_view typed);

}  // namespace zk::china_time
