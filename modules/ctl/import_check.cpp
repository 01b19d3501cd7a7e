// import_check.cpp: see import_check.hpp.
#include "modules/ctl/import_check.hpp"

#include <ctime>
#include <sstream>

#include "common/base/strings.hpp"
#include "common/store/import_courses.hpp"
#include "common/web/view.hpp"

namespace zk::ctl::import {

void count(ImportReport& report, Change c) {
    switch (c) {
        case Change::Added: ++report.added; break;
        case Change::Changed: ++report.changed; break;
        case Change::Unchanged: ++report.unchanged; break;
    }
}

void Checker::bad(int line, const std::string& reason) {
    report_.errors.push_back(label_ + ":" + std::to_string(line) + ": " + reason);
}

bool Checker::first(std::map<std::string, int>& seen, const std::string& key, int line, const std::string& what) {
    auto [it, inserted] = seen.emplace(key, line);
    if (!inserted) bad(line, what + " 重复（第一次出现在第 " + std::to_string(it->second) + " 行）");
    return inserted;
}

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
}  // namespace

bool code_like(const std::string& s, std::size_t min, std::size_t max, bool upper, bool lower, const char* extra) {
    if (s.size() < min || s.size() > max) return false;
    for (char c : s) {
        if (is_digit(c) || (upper && is_upper(c)) || (lower && is_lower(c))) continue;
        if (std::string_view(extra).find(c) != std::string_view::npos) continue;
        return false;
    }
    return true;
}

std::optional<long> parse_int(const std::string& s, long lo, long hi) {
    if (s.empty() || s.size() > 9) return std::nullopt;
    if (s[0] == '-' && lo >= 0) return std::nullopt;
    std::size_t i = s[0] == '-' ? 1 : 0;
    if (i == s.size()) return std::nullopt;
    long v = 0;
    for (; i < s.size(); ++i) {
        if (!is_digit(s[i])) return std::nullopt;
        v = v * 10 + (s[i] - '0');
    }
    if (s[0] == '-') v = -v;
    if (v < lo || v > hi) return std::nullopt;
    return v;
}

std::optional<int> parse_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!is_digit(s[i])) return std::nullopt;
    const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    if (y < 1950 || y > 2100 || m < 1 || m > 12 || d < 1) return std::nullopt;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > days[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
    return y * 10000 + m * 100 + d;
}

int today_china() {
    const std::string s = china_date(static_cast<long>(std::time(nullptr)));
    return *parse_date(s);
}

std::vector<std::string> split_spaces(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    std::string word;
    while (in >> word) out.push_back(word);
    return out;
}

bool check_name(Checker& ck, int line, const std::string& what, const std::string& s, std::size_t max) {
    if (s.empty()) {
        ck.bad(line, what + "为空");
        return false;
    }
    if (strings::utf8_length(s) > max) {
        ck.bad(line, what + "超过 " + std::to_string(max) + " 个字");
        return false;
    }
    return true;
}

bool check_course_code(Checker& ck, int line, const std::string& code) {
    if (code_like(code, 5, 5, false, false)) return true;
    ck.bad(line, code.empty() ? std::string("课程代码为空") : "课程代码 " + code + " 应为5位数字");
    return false;
}

std::optional<int> known_course(Checker& ck, int line, const std::map<std::string, int>& courses,
                                const std::string& code) {
    if (!check_course_code(ck, line, code)) return std::nullopt;
    auto it = courses.find(code);
    if (it == courses.end()) {
        ck.bad(line, "课程 " + code + " 不存在（先导入课程）");
        return std::nullopt;
    }
    return it->second;
}

int optional_date(Checker& ck, int line, const std::string& column, const std::string& s, bool& ok) {
    if (s.empty()) return 0;
    auto d = parse_date(s);
    if (!d) {
        ck.bad(line, column + " 应为日期 YYYY-MM-DD 或留空（实际为 '" + s + "'）");
        ok = false;
        return 0;
    }
    return *d;
}

std::map<std::string, int> course_credits(pqxx::transaction_base& tx) {
    std::map<std::string, int> out;
    for (const auto& c : store::import_courses::all(tx)) out[c.code] = static_cast<int>(c.credits);
    return out;
}

}  // namespace zk::ctl::import
