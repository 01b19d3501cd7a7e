// china_time.cpp: see china_time.hpp.
#include "common/domain/china_time.hpp"

#include "common/base/strings.hpp"

namespace zk::china_time {

namespace {
// The number in s[pos, pos+n) when all of it is ASCII digits, else -1.
int number_at(std::string_view s, std::size_t pos, std::size_t n) {
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int days_in_month(int year, int month) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}
}  // namespace

std::optional<std::string> parse_local(std::string_view typed) {
    const std::string s = strings::trim(typed);
    // YYYY-MM-DDTHH:MM (16) or YYYY-MM-DDTHH:MM:SS (19)
    if (s.size() != 16 && s.size() != 19) return std::nullopt;
    if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':') return std::nullopt;
    if (s.size() == 19 && s[16] != ':') return std::nullopt;
    const int year = number_at(s, 0, 4), month = number_at(s, 5, 2), day = number_at(s, 8, 2);
    const int hour = number_at(s, 11, 2), minute = number_at(s, 14, 2);
    const int second = s.size() == 19 ? number_at(s, 17, 2) : 0;
    if (year < 2000 || year > 2099 || month < 1 || month > 12) return std::nullopt;
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return std::nullopt;
    std::string out = s.substr(0, 10) + " " + s.substr(11, 5) + ":";
    out += s.size() == 19 ? s.substr(17, 2) : "00";
    return out;
}

}  // namespace zk::china_time
