// import.cpp: LEG-1 imports. Each kind is two passes over the file: first every row is
// parsed and checked (formats, references to rows already in the database, duplicates and
// agreement between rows of the same plan version or group), and only a file without a
// single bad row is written, as upserts that compare values so that importing the same
// file twice changes nothing. The caller owns the transaction, so a database error in the
// middle of the writes still leaves nothing behind.
// SECURITY: trusts the database schema and the configured keys, nothing in the file. SQL
// carries values only as parameters. Messages name the file and line; 身份证号 and 手机号
// appear in them only masked.
#include "modules/ctl/import.hpp"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "common/base/db.hpp"
#include "common/domain/validate.hpp"
#include "common/web/view.hpp"
#include "modules/ctl/commands.hpp"

namespace zk::ctl {

namespace {

// Serialises imports (and load-demo) against each other: two plan files replacing the same
// version at once would otherwise interleave their deletes and inserts.
constexpr long kImportLock = 2025110103;
// Enough to find the pattern in a badly exported file without flooding the terminal.
constexpr std::size_t kMaxPrintedErrors = 500;

struct Row {
    int line = 0;
    std::vector<std::string> f;
};

enum class Change { Added, Changed, Unchanged };

void count(ImportReport& report, Change c) {
    switch (c) {
        case Change::Added: ++report.added; break;
        case Change::Changed: ++report.changed; break;
        case Change::Unchanged: ++report.unchanged; break;
    }
}

std::string text(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

std::string trim(const std::string& s) {
    auto space = [](char c) { return c == ' ' || c == '\t'; };
    std::size_t b = 0, e = s.size();
    while (b < e && space(s[b])) ++b;
    while (e > b && space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

// True when s has min..max characters, each a digit or one of the classes allowed.
bool code_like(const std::string& s, std::size_t min, std::size_t max, bool upper, bool lower, const char* extra = "") {
    if (s.size() < min || s.size() > max) return false;
    for (char c : s) {
        if (is_digit(c) || (upper && is_upper(c)) || (lower && is_lower(c))) continue;
        if (std::string_view(extra).find(c) != std::string_view::npos) continue;
        return false;
    }
    return true;
}

// A plain decimal in [lo, hi]; a sign only when lo is negative.
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

// "YYYY-MM-DD", a real calendar date between 1950 and 2100 → yyyymmdd.
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

std::string joined(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : sep) + v[i];
    return out;
}

// Per-file bookkeeping of bad rows.
class Checker {
public:
    Checker(ImportReport& report, std::string label) : report_(report), label_(std::move(label)) {}
    void bad(int line, const std::string& reason) {
        report_.errors.push_back(label_ + ":" + std::to_string(line) + ": " + reason);
    }
    bool ok() const { return report_.errors.empty(); }
    // Remembers the first line of `key`; reports the duplicate and returns false on a repeat.
    bool first(std::map<std::string, int>& seen, const std::string& key, int line, const std::string& what) {
        auto [it, inserted] = seen.emplace(key, line);
        if (!inserted) bad(line, "duplicate row for " + what + " (first on line " + std::to_string(it->second) + ")");
        return inserted;
    }

private:
    ImportReport& report_;
    std::string label_;
};

// A non-empty name of at most `max` characters.
bool check_name(Checker& ck, int line, const std::string& what, const std::string& s, std::size_t max) {
    if (s.empty()) {
        ck.bad(line, what + " is empty");
        return false;
    }
    if (validate::utf8_length(s) > max) {
        ck.bad(line, what + " is longer than " + std::to_string(max) + " characters");
        return false;
    }
    return true;
}

bool check_course_code(Checker& ck, int line, const std::string& code) {
    if (code_like(code, 5, 5, false, false)) return true;
    ck.bad(line, code.empty() ? std::string("课程代码为空") : "课程代码 " + code + " 应为5位数字");
    return false;
}

// Course code well-formed and known; returns its credits.
std::optional<int> known_course(Checker& ck, int line, const std::map<std::string, int>& courses,
                                const std::string& code) {
    if (!check_course_code(ck, line, code)) return std::nullopt;
    auto it = courses.find(code);
    if (it == courses.end()) {
        ck.bad(line, "unknown course " + code);
        return std::nullopt;
    }
    return it->second;
}

// An optional date column: "" or YYYY-MM-DD. Sets ok=false and reports otherwise.
int optional_date(Checker& ck, int line, const std::string& column, const std::string& s, bool& ok) {
    if (s.empty()) return 0;
    auto d = parse_date(s);
    if (!d) {
        ck.bad(line, column + " must be a date YYYY-MM-DD or empty (got '" + s + "')");
        ok = false;
        return 0;
    }
    return *d;
}

std::map<std::string, int> course_credits(pqxx::transaction_base& tx) {
    std::map<std::string, int> out;
    for (const auto& r : tx.exec("SELECT code, credits FROM courses")) out[r[0].as<std::string>()] = r[1].as<int>();
    return out;
}

// ---- reading ---------------------------------------------------------------------------

std::optional<std::vector<Row>> read_rows(const std::string& path, ImportKind kind, Checker& ck, int& data_rows) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    const std::string expected = import_header(kind);
    const std::size_t columns = csv_fields(expected).size();
    std::vector<Row> rows;
    std::string line;
    int line_no = 0;
    bool header_seen = false;
    data_rows = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_no == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // Excel's UTF-8 BOM
        if (!validate::is_clean_utf8(line)) {
            ck.bad(line_no, "not valid UTF-8 text (save the file as UTF-8 CSV)");
            if (!header_seen) return std::nullopt;
            ++data_rows;
            continue;
        }
        if (!header_seen) {
            std::string err;
            auto f = csv_fields(line, &err);
            for (auto& s : f) s = trim(s);
            if (!err.empty() || joined(f, ",") != expected) {
                // Shown in full: the usual mistakes are one misspelt or missing column.
                std::string found = line;
                if (found.size() > 300) {
                    std::size_t cut = 300;
                    while (cut > 0 && (static_cast<unsigned char>(found[cut]) & 0xC0) == 0x80) --cut;  // whole chars
                    found = found.substr(0, cut) + "…";
                }
                ck.bad(line_no, std::string("the header must be exactly: ") + expected + " (found: " + found + ")");
                return std::nullopt;
            }
            header_seen = true;
            continue;
        }
        if (trim(line).empty()) continue;
        ++data_rows;
        std::string err;
        auto f = csv_fields(line, &err);
        if (!err.empty()) {
            ck.bad(line_no, err);
            continue;
        }
        if (f.size() != columns) {
            ck.bad(line_no,
                   std::to_string(columns) + " fields expected (" + expected + "), found " + std::to_string(f.size()));
            continue;
        }
        for (auto& s : f) s = trim(s);
        rows.push_back({line_no, std::move(f)});
    }
    if (!header_seen) {
        ck.bad(1, std::string("empty file; the header must be exactly: ") + expected);
        return std::nullopt;
    }
    return rows;
}

// ---- institutions ----------------------------------------------------------------------

void import_institutions(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    struct Existing {
        std::string name;
        long sort_order;
    };
    std::map<std::string, Existing> existing;
    std::map<std::string, std::string> code_of_name;
    for (const auto& r : tx.exec("SELECT code, name, sort_order FROM institutions")) {
        existing[r[0].as<std::string>()] = {r[1].as<std::string>(), r[2].as<long>()};
        code_of_name[r[1].as<std::string>()] = r[0].as<std::string>();
    }
    struct Item {
        std::string code, name;
        long sort_order;
    };
    std::vector<Item> items;
    std::map<std::string, int> seen_code, seen_name;
    std::map<std::string, std::string> file_name_of;
    for (const auto& row : rows) {
        const auto& f = row.f;
        bool ok = true;
        if (!code_like(f[0], 1, 10, true, true)) {
            ck.bad(row.line, "主考院校代码 '" + f[0] + "' 应为1至10位字母或数字");
            ok = false;
        }
        ok = check_name(ck, row.line, "name", f[1], 100) && ok;
        auto sort = parse_int(f[2], -99999, 99999);
        if (!sort) {
            ck.bad(row.line, "sort_order must be an integer (got '" + f[2] + "')");
            ok = false;
        }
        if (!ok || !ck.first(seen_code, f[0], row.line, "institution " + f[0])) continue;
        if (!ck.first(seen_name, f[1], row.line, "institution name " + f[1])) continue;
        file_name_of[f[0]] = f[1];
        items.push_back({f[0], f[1], *sort});
    }
    // A name already held by another code clashes with UNIQUE (name), unless this file
    // renames that institution too (a straight swap of two names still fails in the
    // database, which rolls the whole file back).
    for (const auto& it : items) {
        auto owner = code_of_name.find(it.name);
        if (owner == code_of_name.end() || owner->second == it.code) continue;
        auto renamed = file_name_of.find(owner->second);
        if (renamed != file_name_of.end() && renamed->second != it.name) continue;
        for (const auto& row : rows)
            if (row.f[0] == it.code)
                ck.bad(row.line, "name " + it.name + " already belongs to institution " + owner->second);
    }
    if (!ck.ok()) return;
    for (const auto& it : items) {
        auto e = existing.find(it.code);
        if (e == existing.end()) {
            tx.exec_params("INSERT INTO institutions (code, name, sort_order) VALUES ($1, $2, $3)", it.code, it.name,
                           it.sort_order);
            count(rep, Change::Added);
        } else if (e->second.name != it.name || e->second.sort_order != it.sort_order) {
            tx.exec_params("UPDATE institutions SET name = $2, sort_order = $3 WHERE code = $1", it.code, it.name,
                           it.sort_order);
            count(rep, Change::Changed);
        } else {
            count(rep, Change::Unchanged);
        }
    }
}

// ---- courses ---------------------------------------------------------------------------

void import_courses(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    struct Course {
        std::string code, name;
        long credits;
        bool new_plan;
    };
    std::map<std::string, Course> existing;
    for (const auto& r : tx.exec("SELECT code, name, credits, new_plan FROM courses"))
        existing[r[0].as<std::string>()] = {r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<long>(),
                                            r[3].as<bool>()};
    std::vector<Course> items;
    std::map<std::string, int> seen;
    for (const auto& row : rows) {
        const auto& f = row.f;
        bool ok = check_course_code(ck, row.line, f[0]);
        ok = check_name(ck, row.line, "课程名称", f[1], 100) && ok;
        auto credits = parse_int(f[2], 0, 30);
        if (!credits) {
            ck.bad(row.line, "credits must be an integer 0..30 (got '" + f[2] + "')");
            ok = false;
        }
        if (f[3] != "0" && f[3] != "1") {
            ck.bad(row.line, "new_plan must be 0 or 1 (got '" + f[3] + "')");
            ok = false;
        }
        if (!ok || !ck.first(seen, f[0], row.line, "course " + f[0])) continue;
        items.push_back({f[0], f[1], *credits, f[3] == "1"});
    }
    if (!ck.ok()) return;
    for (const auto& c : items) {
        auto e = existing.find(c.code);
        if (e == existing.end()) {
            tx.exec_params("INSERT INTO courses (code, name, credits, new_plan) VALUES ($1, $2, $3, $4)", c.code,
                           c.name, c.credits, c.new_plan);
            count(rep, Change::Added);
        } else if (e->second.name != c.name || e->second.credits != c.credits || e->second.new_plan != c.new_plan) {
            tx.exec_params("UPDATE courses SET name = $2, credits = $3, new_plan = $4 WHERE code = $1", c.code, c.name,
                           c.credits, c.new_plan);
            count(rep, Change::Changed);
        } else {
            count(rep, Change::Unchanged);
        }
    }
}

// ---- majors ----------------------------------------------------------------------------

const char* const kLevels[] = {"专科", "本科", "专升本"};

bool is_level(const std::string& s) {
    return std::any_of(std::begin(kLevels), std::end(kLevels), [&](const char* l) { return s == l; });
}

void import_majors(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    std::set<std::string> institutions;
    for (const auto& r : tx.exec("SELECT code FROM institutions")) institutions.insert(r[0].as<std::string>());
    struct Major {
        std::string institution, code, name, level;
    };
    std::map<std::string, Major> existing;
    for (const auto& r : tx.exec("SELECT institution_code, code, name, level FROM majors"))
        existing[r[0].as<std::string>() + "/" + r[1].as<std::string>()] = {
            r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>()};
    std::vector<Major> items;
    std::map<std::string, int> seen;
    for (const auto& row : rows) {
        const auto& f = row.f;
        bool ok = true;
        if (!institutions.count(f[0])) {
            ck.bad(row.line, "unknown institution " + (f[0].empty() ? std::string("(empty)") : f[0]));
            ok = false;
        }
        if (!code_like(f[1], 4, 10, true, false)) {
            ck.bad(row.line, "专业代码 '" + f[1] + "' 应为4至10位数字或大写字母");
            ok = false;
        }
        ok = check_name(ck, row.line, "专业名称", f[2], 100) && ok;
        if (!is_level(f[3])) {
            ck.bad(row.line, "level must be 专科, 本科 or 专升本 (got '" + f[3] + "')");
            ok = false;
        }
        if (!ok || !ck.first(seen, f[0] + "/" + f[1], row.line, "major " + f[0] + "/" + f[1])) continue;
        items.push_back({f[0], f[1], f[2], f[3]});
    }
    if (!ck.ok()) return;
    for (const auto& m : items) {
        auto e = existing.find(m.institution + "/" + m.code);
        if (e == existing.end()) {
            tx.exec_params("INSERT INTO majors (institution_code, code, name, level) VALUES ($1, $2, $3, $4)",
                           m.institution, m.code, m.name, m.level);
            count(rep, Change::Added);
        } else if (e->second.name != m.name || e->second.level != m.level) {
            tx.exec_params("UPDATE majors SET name = $3, level = $4 WHERE institution_code = $1 AND code = $2",
                           m.institution, m.code, m.name, m.level);
            count(rep, Change::Changed);
        } else {
            count(rep, Change::Unchanged);
        }
    }
}

// ---- plans -----------------------------------------------------------------------------

const char* const kRequirements[] = {"required", "thesis", "practice", "elective"};

struct PlanCourse {
    int line = 0;
    std::string code, requirement, group_id;
    int credits = 0;
};

struct PlanGroup {
    int line = 0;  // first row of the group
    std::string id, title;
    long min_credits = 0, min_count = 0;
    int courses = 0, credits = 0;
};

struct PlanVersion {
    int line = 0;  // first row of the version
    long major_id = 0;
    std::string institution, major, version, from, to;
    long min_total = 0;
    std::vector<PlanCourse> courses;
    std::vector<PlanGroup> groups;
    std::map<std::string, int> seen_course;

    std::string what() const { return "plan " + institution + "/" + major + " version " + version; }
    PlanGroup* group(const std::string& id) {
        for (auto& g : groups)
            if (g.id == id) return &g;
        return nullptr;
    }
    bool has_group(const std::string& id) const {
        return std::any_of(groups.begin(), groups.end(), [&](const PlanGroup& g) { return g.id == id; });
    }
};

// Applies one checked plan version: header, then groups and courses replaced exactly.
void write_plan_version(pqxx::transaction_base& tx, const PlanVersion& v, ImportReport& rep) {
    auto found = tx.exec_params(
        "SELECT id, to_char(effective_from, 'YYYY-MM-DD'), COALESCE(to_char(effective_to, 'YYYY-MM-DD'), ''),"
        " min_total_credits FROM plans WHERE major_id = $1 AND version = $2",
        v.major_id, v.version);
    long plan_id = 0;
    if (found.empty()) {
        plan_id = tx.exec_params(
                        "INSERT INTO plans (major_id, version, effective_from, effective_to, min_total_credits)"
                        " VALUES ($1, $2, $3::date, NULLIF($4, '')::date, $5) RETURNING id",
                        v.major_id, v.version, v.from, v.to, v.min_total)[0][0]
                      .as<long>();
    } else {
        plan_id = found[0][0].as<long>();
        if (text(found[0][1]) != v.from || text(found[0][2]) != v.to || found[0][3].as<long>() != v.min_total)
            tx.exec_params(
                "UPDATE plans SET effective_from = $2::date, effective_to = NULLIF($3, '')::date,"
                " min_total_credits = $4 WHERE id = $1",
                plan_id, v.from, v.to, v.min_total);
    }

    std::map<std::string, PlanGroup> old_groups;
    for (const auto& r : tx.exec_params("SELECT group_id, title, min_credits, min_count FROM plan_groups"
                                        " WHERE plan_id = $1",
                                        plan_id)) {
        PlanGroup g;
        g.id = r[0].as<std::string>();
        g.title = r[1].as<std::string>();
        g.min_credits = r[2].as<long>();
        g.min_count = r[3].as<long>();
        old_groups[g.id] = g;
    }
    struct OldCourse {
        std::string requirement, group_id;
        long sort_order;
    };
    std::map<std::string, OldCourse> old_courses;
    for (const auto& r : tx.exec_params("SELECT course_code, requirement, COALESCE(group_id, ''), sort_order"
                                        " FROM plan_courses WHERE plan_id = $1",
                                        plan_id))
        old_courses[r[0].as<std::string>()] = {r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<long>()};

    std::set<std::string> changed_groups;
    for (const auto& g : v.groups) {
        auto o = old_groups.find(g.id);
        if (o == old_groups.end()) {
            tx.exec_params(
                "INSERT INTO plan_groups (plan_id, group_id, title, min_credits, min_count)"
                " VALUES ($1, $2, $3, $4, $5)",
                plan_id, g.id, g.title, g.min_credits, g.min_count);
        } else if (o->second.title != g.title || o->second.min_credits != g.min_credits ||
                   o->second.min_count != g.min_count) {
            tx.exec_params(
                "UPDATE plan_groups SET title = $3, min_credits = $4, min_count = $5"
                " WHERE plan_id = $1 AND group_id = $2",
                plan_id, g.id, g.title, g.min_credits, g.min_count);
            changed_groups.insert(g.id);
        }
    }
    // Plan order is file order; numbering from 1 keeps the stored value readable.
    long sort_order = 0;
    std::set<std::string> kept;
    for (const auto& c : v.courses) {
        ++sort_order;
        kept.insert(c.code);
        auto o = old_courses.find(c.code);
        if (o == old_courses.end()) {
            tx.exec_params(
                "INSERT INTO plan_courses (plan_id, course_code, requirement, group_id, sort_order)"
                " VALUES ($1, $2, $3, NULLIF($4, ''), $5)",
                plan_id, c.code, c.requirement, c.group_id, sort_order);
            count(rep, Change::Added);
        } else if (o->second.requirement != c.requirement || o->second.group_id != c.group_id ||
                   o->second.sort_order != sort_order) {
            tx.exec_params(
                "UPDATE plan_courses SET requirement = $3, group_id = NULLIF($4, ''), sort_order = $5"
                " WHERE plan_id = $1 AND course_code = $2",
                plan_id, c.code, c.requirement, c.group_id, sort_order);
            count(rep, Change::Changed);
        } else {
            count(rep, changed_groups.count(c.group_id) ? Change::Changed : Change::Unchanged);
        }
    }
    // Removed last, once no kept course points at a group about to go.
    for (const auto& [code, o] : old_courses) {
        if (kept.count(code)) continue;
        tx.exec_params("DELETE FROM plan_courses WHERE plan_id = $1 AND course_code = $2", plan_id, code);
        ++rep.removed;
    }
    for (const auto& [id, g] : old_groups)
        if (!v.has_group(id))
            tx.exec_params("DELETE FROM plan_groups WHERE plan_id = $1 AND group_id = $2", plan_id, id);
}

// The value most rows of a plan version (or group) agree on; ties go to the first seen.
// Rows are then judged against it, so one odd row is reported, not every other one.
class Majority {
public:
    void vote(const std::string& key, const std::string& value) {
        auto& v = votes_[key];
        for (auto& [val, n] : v)
            if (val == value) {
                ++n;
                return;
            }
        v.emplace_back(value, 1);
    }
    const std::string& winner(const std::string& key) const {
        const auto& v = votes_.at(key);
        const auto* best = &v.front();
        for (const auto& e : v)
            if (e.second > best->second) best = &e;
        return best->first;
    }

private:
    std::map<std::string, std::vector<std::pair<std::string, int>>> votes_;
};

void import_plans(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    std::map<std::string, long> majors;  // "institution/major" → id
    for (const auto& r : tx.exec("SELECT institution_code, code, id FROM majors"))
        majors[r[0].as<std::string>() + "/" + r[1].as<std::string>()] = r[2].as<long>();
    const auto courses = course_credits(tx);

    // Pass 1: each row on its own.
    struct Parsed {
        const Row* row;
        bool ok;
        long major_id;
        int credits;
        std::string version_key, header, group_key, group_value;
    };
    std::vector<Parsed> parsed;
    Majority headers, groups;
    for (const auto& row : rows) {
        const auto& f = row.f;
        const int line = row.line;
        bool ok = true, header_ok = true;
        auto major = majors.find(f[0] + "/" + f[1]);
        if (major == majors.end()) {
            ck.bad(line, "unknown major " + f[0] + "/" + f[1]);
            ok = false;
        }
        if (!code_like(f[2], 1, 20, true, true, "._-")) {
            ck.bad(line, "version must be 1 to 20 letters, digits, '.', '_' or '-' (got '" + f[2] + "')");
            ok = false;
        }
        auto from = parse_date(f[3]);
        if (!from) {
            ck.bad(line, "effective_from must be a date YYYY-MM-DD (got '" + f[3] + "')");
            header_ok = false;
        }
        const int to = optional_date(ck, line, "effective_to", f[4], header_ok);
        if (from && to && to < *from) {
            ck.bad(line, "effective_to " + f[4] + " is before effective_from " + f[3]);
            header_ok = false;
        }
        if (!parse_int(f[5], 0, 1000)) {
            ck.bad(line, "min_total_credits must be an integer 0..1000 (got '" + f[5] + "')");
            header_ok = false;
        }
        auto credits = known_course(ck, line, courses, f[6]);
        ok = credits && ok;
        const std::string& req = f[7];
        if (std::none_of(std::begin(kRequirements), std::end(kRequirements), [&](const char* k) { return req == k; })) {
            ck.bad(line, "requirement must be required, thesis, practice or elective (got '" + req + "')");
            ok = false;
        }
        bool group_ok = true;
        if (req == "elective") {
            if (!code_like(f[8], 1, 20, true, true, "_-")) {
                ck.bad(line,
                       "an elective row needs group_id: 1 to 20 letters, digits, '_' or '-' (got '" + f[8] + "')");
                ok = false;
            }
            group_ok = check_name(ck, line, "group_title", f[9], 100);
            if (!parse_int(f[10], 0, 1000)) {
                ck.bad(line, "group_min_credits must be an integer 0..1000 (got '" + f[10] + "')");
                group_ok = false;
            }
            if (!parse_int(f[11], 0, 100)) {
                ck.bad(line, "group_min_count must be an integer 0..100 (got '" + f[11] + "')");
                group_ok = false;
            }
        } else if (!f[8].empty() || !f[9].empty() || !f[10].empty() || !f[11].empty()) {
            ck.bad(line, "group_id, group_title, group_min_credits and group_min_count are only for elective rows");
            ok = false;
        }
        Parsed p{&row,
                 ok && header_ok && group_ok,
                 major == majors.end() ? 0 : major->second,
                 credits.value_or(0),
                 f[0] + "/" + f[1] + "/" + f[2],
                 f[3] + "\x1f" + f[4] + "\x1f" + f[5],
                 "",
                 ""};
        if (header_ok) headers.vote(p.version_key, p.header);
        if (req == "elective" && code_like(f[8], 1, 20, true, true, "_-")) {
            p.group_key = p.version_key + "/" + f[8];
            p.group_value = f[9] + "\x1f" + f[10] + "\x1f" + f[11];
            if (group_ok) groups.vote(p.group_key, p.group_value);
        }
        parsed.push_back(p);
    }

    // Pass 2: agreement within versions and groups, duplicates, then the versions themselves.
    std::vector<PlanVersion> versions;
    std::map<std::string, std::size_t> version_index;
    for (const auto& p : parsed) {
        if (!p.ok) continue;
        const auto& f = p.row->f;
        const int line = p.row->line;
        const std::string what = "plan " + f[0] + "/" + f[1] + " version " + f[2];
        if (p.header != headers.winner(p.version_key)) {
            const std::string& w = headers.winner(p.version_key);
            const auto a = w.find('\x1f'), b = w.find('\x1f', a + 1);
            const std::string wf = w.substr(0, a), wt = w.substr(a + 1, b - a - 1), wm = w.substr(b + 1);
            if (f[3] != wf)
                ck.bad(line, "effective_from " + f[3] + " differs from the other rows of " + what + " (" + wf + ")");
            if (f[4] != wt)
                ck.bad(line, "effective_to " + (f[4].empty() ? std::string("(empty)") : f[4]) +
                                 " differs from the other rows of " + what + " (" +
                                 (wt.empty() ? std::string("empty") : wt) + ")");
            if (f[5] != wm)
                ck.bad(line, "min_total_credits " + f[5] + " differs from the other rows of " + what + " (" + wm + ")");
            continue;
        }
        if (!p.group_key.empty() && p.group_value != groups.winner(p.group_key)) {
            std::string w = groups.winner(p.group_key);
            std::replace(w.begin(), w.end(), '\x1f', ',');
            ck.bad(line, "group " + f[8] + " of " + what + ": group_title,group_min_credits,group_min_count " + f[9] +
                             "," + f[10] + "," + f[11] + " differ from the other rows of the group (" + w + ")");
            continue;
        }
        auto vi = version_index.find(p.version_key);
        if (vi == version_index.end()) {
            PlanVersion v;
            v.line = line;
            v.major_id = p.major_id;
            v.institution = f[0];
            v.major = f[1];
            v.version = f[2];
            v.from = f[3];
            v.to = f[4];
            v.min_total = *parse_int(f[5], 0, 1000);
            vi = version_index.emplace(p.version_key, versions.size()).first;
            versions.push_back(std::move(v));
        }
        PlanVersion& v = versions[vi->second];
        if (!ck.first(v.seen_course, f[6], line, "course " + f[6] + " in " + what)) continue;
        const std::string& req = f[7];
        if (req == "elective") {
            PlanGroup* g = v.group(f[8]);
            if (!g) {
                PlanGroup fresh;
                fresh.line = line;
                fresh.id = f[8];
                fresh.title = f[9];
                fresh.min_credits = *parse_int(f[10], 0, 1000);
                fresh.min_count = *parse_int(f[11], 0, 100);
                v.groups.push_back(fresh);
                g = &v.groups.back();
            }
            g->courses += 1;
            g->credits += p.credits;
        }
        v.courses.push_back({line, f[6], req, req == "elective" ? f[8] : std::string(), p.credits});
    }
    // Minimums nobody could ever meet are mistakes in the file, not plans. Judged only on a
    // file without other errors: a rejected row would make the totals look short.
    if (!ck.ok()) return;
    for (const auto& v : versions) {
        int total = 0;
        for (const auto& c : v.courses) total += c.credits;
        for (const auto& g : v.groups) {
            if (g.min_credits == 0 && g.min_count == 0)
                ck.bad(g.line,
                       "group " + g.id + " of " + v.what() + " needs group_min_credits or group_min_count above 0");
            if (g.min_count > g.courses)
                ck.bad(g.line, "group " + g.id + " of " + v.what() + " asks for " + std::to_string(g.min_count) +
                                   " courses but lists only " + std::to_string(g.courses));
            if (g.min_credits > g.credits)
                ck.bad(g.line, "group " + g.id + " of " + v.what() + " asks for " + std::to_string(g.min_credits) +
                                   " credits but its courses give only " + std::to_string(g.credits));
        }
        if (v.min_total > total)
            ck.bad(v.line, "min_total_credits " + std::to_string(v.min_total) + " of " + v.what() +
                               " is more than all its courses give (" + std::to_string(total) + ")");
    }
    if (!ck.ok()) return;
    for (const auto& v : versions) write_plan_version(tx, v, rep);
}

// ---- substitution rules ----------------------------------------------------------------

void import_rules(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    const auto courses = course_credits(tx);
    std::set<std::string> major_codes;
    for (const auto& r : tx.exec("SELECT DISTINCT code FROM majors")) major_codes.insert(r[0].as<std::string>());
    struct Rule {
        std::string id, kind, new_code, from, to, note;
        std::vector<std::string> olds, majors;  // sorted
    };
    std::vector<Rule> items;
    std::map<std::string, int> seen;
    for (const auto& row : rows) {
        const auto& f = row.f;
        const int line = row.line;
        bool ok = true;
        if (!code_like(f[0], 1, 40, true, true, "_-")) {
            ck.bad(line, "rule_id must be 1 to 40 letters, digits, '_' or '-' (got '" + f[0] + "')");
            ok = false;
        }
        const std::string& kind = f[1];
        if (kind != "one_to_one" && kind != "one_for_many" && kind != "any_one_of") {
            ck.bad(line, "kind must be one_to_one, one_for_many or any_one_of (got '" + kind + "')");
            ok = false;
        }
        ok = known_course(ck, line, courses, f[2]).has_value() && ok;
        auto olds = split_spaces(f[3]);
        std::sort(olds.begin(), olds.end());
        for (std::size_t i = 0; i < olds.size(); ++i) {
            ok = known_course(ck, line, courses, olds[i]).has_value() && ok;
            if (i > 0 && olds[i] == olds[i - 1]) {
                ck.bad(line, "old course " + olds[i] + " is listed twice");
                ok = false;
            }
            if (olds[i] == f[2]) {
                ck.bad(line, "course " + f[2] + " cannot replace itself");
                ok = false;
            }
        }
        if (kind == "one_to_one" && olds.size() != 1) {
            ck.bad(line, "one_to_one must have exactly one old code (found " + std::to_string(olds.size()) + ")");
            ok = false;
        } else if ((kind == "one_for_many" || kind == "any_one_of") && olds.size() < 2) {
            ck.bad(line, kind + " must have at least two old codes (found " + std::to_string(olds.size()) + ")");
            ok = false;
        }
        const int from = optional_date(ck, line, "valid_from", f[4], ok);
        const int to = optional_date(ck, line, "valid_to", f[5], ok);
        if (from && to && to < from) {
            ck.bad(line, "valid_to " + f[5] + " is before valid_from " + f[4]);
            ok = false;
        }
        auto majors = split_spaces(f[6]);
        std::sort(majors.begin(), majors.end());
        for (std::size_t i = 0; i < majors.size(); ++i) {
            if (!major_codes.count(majors[i])) {
                ck.bad(line, "unknown major " + majors[i]);
                ok = false;
            } else if (i > 0 && majors[i] == majors[i - 1]) {
                ck.bad(line, "major " + majors[i] + " is listed twice");
                ok = false;
            }
        }
        if (validate::utf8_length(f[7]) > 500) {
            ck.bad(line, "note is longer than 500 characters");
            ok = false;
        }
        if (!ok || !ck.first(seen, f[0], line, "rule " + f[0])) continue;
        items.push_back({f[0], kind, f[2], f[4], f[5], f[7], olds, majors});
    }
    if (!ck.ok()) return;

    // Makes the stored list of `table` for the rule exactly `wanted`; true when it changed.
    auto replace_list = [&tx](const std::string& id, const char* select, const char* del, const char* ins,
                              const std::vector<std::string>& wanted) {
        std::set<std::string> have;
        for (const auto& r : tx.exec_params(select, id)) have.insert(r[0].as<std::string>());
        bool changed = false;
        for (const auto& code : have)
            if (!std::binary_search(wanted.begin(), wanted.end(), code)) {
                tx.exec_params(del, id, code);
                changed = true;
            }
        for (const auto& code : wanted)
            if (!have.count(code)) {
                tx.exec_params(ins, id, code);
                changed = true;
            }
        return changed;
    };
    for (const auto& r : items) {
        auto found = tx.exec_params(
            "SELECT kind, new_code, COALESCE(to_char(valid_from, 'YYYY-MM-DD'), ''),"
            " COALESCE(to_char(valid_to, 'YYYY-MM-DD'), ''), note FROM substitution_rules WHERE id = $1",
            r.id);
        Change change = Change::Unchanged;
        if (found.empty()) {
            tx.exec_params(
                "INSERT INTO substitution_rules (id, kind, new_code, valid_from, valid_to, note)"
                " VALUES ($1, $2, $3, NULLIF($4, '')::date, NULLIF($5, '')::date, $6)",
                r.id, r.kind, r.new_code, r.from, r.to, r.note);
            change = Change::Added;
        } else if (text(found[0][0]) != r.kind || text(found[0][1]) != r.new_code || text(found[0][2]) != r.from ||
                   text(found[0][3]) != r.to || text(found[0][4]) != r.note) {
            tx.exec_params(
                "UPDATE substitution_rules SET kind = $2, new_code = $3, valid_from = NULLIF($4, '')::date,"
                " valid_to = NULLIF($5, '')::date, note = $6 WHERE id = $1",
                r.id, r.kind, r.new_code, r.from, r.to, r.note);
            change = Change::Changed;
        }
        const bool olds_changed =
            replace_list(r.id, "SELECT course_code FROM substitution_rule_old_courses WHERE rule_id = $1",
                         "DELETE FROM substitution_rule_old_courses WHERE rule_id = $1 AND course_code = $2",
                         "INSERT INTO substitution_rule_old_courses (rule_id, course_code) VALUES ($1, $2)", r.olds);
        const bool majors_changed =
            replace_list(r.id, "SELECT major_code FROM substitution_rule_majors WHERE rule_id = $1",
                         "DELETE FROM substitution_rule_majors WHERE rule_id = $1 AND major_code = $2",
                         "INSERT INTO substitution_rule_majors (rule_id, major_code) VALUES ($1, $2)", r.majors);
        if (change == Change::Unchanged && (olds_changed || majors_changed)) change = Change::Changed;
        count(rep, change);
    }
}

// ---- passed courses --------------------------------------------------------------------

const char* const kWordScores[] = {"合格", "通过", "免考", "及格", "中等", "良好", "优秀"};

void import_passed(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    const auto courses = course_credits(tx);
    const int today = today_china();
    std::map<std::string, std::optional<long>> examinee_of;  // ticket → id, looked up once each
    struct Passed {
        long examinee_id;
        std::string course, passed_on, score, source;
    };
    std::vector<Passed> items;
    std::map<std::string, int> seen;
    for (const auto& row : rows) {
        const auto& f = row.f;
        const int line = row.line;
        bool ok = true;
        std::optional<long> examinee;
        if (!code_like(f[0], 8, 20, false, false)) {
            ck.bad(line, "准考证号 '" + f[0] + "' 应为8至20位数字");
            ok = false;
        } else {
            auto it = examinee_of.find(f[0]);
            if (it == examinee_of.end()) {
                auto r = tx.exec_params("SELECT id FROM examinees WHERE ticket_no = $1", f[0]);
                it =
                    examinee_of.emplace(f[0], r.empty() ? std::nullopt : std::optional<long>(r[0][0].as<long>())).first;
            }
            examinee = it->second;
            if (!examinee) {
                ck.bad(line, "examinee with ticket " + f[0] + " not found");
                ok = false;
            }
        }
        ok = known_course(ck, line, courses, f[1]).has_value() && ok;
        auto date = parse_date(f[2]);
        if (!date) {
            ck.bad(line, "passed_on must be a date YYYY-MM-DD (got '" + f[2] + "')");
            ok = false;
        } else if (*date > today) {
            ck.bad(line, "passed_on " + f[2] + " is in the future");
            ok = false;
        } else if (*date < 19810101) {
            ck.bad(line, "passed_on " + f[2] + " is before the self-study examinations began (1981)");
            ok = false;
        }
        const std::string& score = f[3];
        auto numeric = parse_int(score, 0, 100);
        const bool word =
            std::any_of(std::begin(kWordScores), std::end(kWordScores), [&](const char* w) { return score == w; });
        if (!word && !numeric) {
            ck.bad(line, "score must be 60..100 or one of 合格/通过/免考/及格/中等/良好/优秀 (got '" + score + "')");
            ok = false;
        } else if (!word && *numeric < 60) {
            ck.bad(line, "score " + score + " is below 60, not a pass");
            ok = false;
        }
        const std::string& source = f[4];
        if (source != "exam" && source != "exemption" && source != "old_plan_certificate") {
            ck.bad(line, "source must be exam, exemption or old_plan_certificate (got '" + source + "')");
            ok = false;
        }
        if (!ok || !ck.first(seen, f[0] + "/" + f[1], line, "ticket " + f[0] + " and course " + f[1])) continue;
        items.push_back({*examinee, f[1], f[2], score, source});
    }
    if (!ck.ok()) return;
    for (const auto& p : items) {
        auto found = tx.exec_params(
            "SELECT to_char(passed_on, 'YYYY-MM-DD'), score, source, verified"
            " FROM passed_courses WHERE examinee_id = $1 AND course_code = $2",
            p.examinee_id, p.course);
        // Results from the exam system are authoritative, certificates included: verified.
        if (found.empty()) {
            tx.exec_params(
                "INSERT INTO passed_courses (examinee_id, course_code, passed_on, score, source, verified)"
                " VALUES ($1, $2, $3::date, $4, $5, true)",
                p.examinee_id, p.course, p.passed_on, p.score, p.source);
            count(rep, Change::Added);
        } else if (text(found[0][0]) != p.passed_on || text(found[0][1]) != p.score || text(found[0][2]) != p.source ||
                   !found[0][3].as<bool>()) {
            tx.exec_params(
                "UPDATE passed_courses SET passed_on = $3::date, score = $4, source = $5, verified = true"
                " WHERE examinee_id = $1 AND course_code = $2",
                p.examinee_id, p.course, p.passed_on, p.score, p.source);
            count(rep, Change::Changed);
        } else {
            count(rep, Change::Unchanged);
        }
    }
}

// ---- examinees -------------------------------------------------------------------------

void import_examinees(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, const std::vector<Row>& rows,
                      Checker& ck, ImportReport& rep) {
    std::set<std::string> counties;
    for (const auto& r : tx.exec("SELECT code FROM counties")) counties.insert(r[0].as<std::string>());
    struct Person {
        std::string name, id_number, ticket, county, phone;
        char gender;
        Change change = Change::Added;  // Changed: only the missing ticket is filled in
        long existing_id = 0;
    };
    std::vector<Person> items;
    std::map<std::string, int> seen_id, seen_ticket;
    for (const auto& row : rows) {
        const auto& f = row.f;
        const int line = row.line;
        bool ok = check_name(ck, line, "姓名", f[0], 50);
        auto id = validate::check_id_number(f[1]);
        if (!id.info) {
            ck.bad(line, "invalid 身份证号: " + id.error);
            ok = false;
        }
        if (!validate::is_ticket_number(f[2])) {
            ck.bad(line, "准考证号 '" + f[2] + "' 应为12位数字");
            ok = false;
        }
        if (!counties.count(f[3])) {
            ck.bad(line, "unknown county " + (f[3].empty() ? std::string("(empty)") : f[3]));
            ok = false;
        }
        if (!f[4].empty() && !validate::is_mobile_phone(f[4])) {
            ck.bad(line, "invalid 手机号: 应为11位手机号码");
            ok = false;
        }
        if (!ok) continue;
        const std::string& idn = id.info->normalized;
        const std::string masked = validate::mask_id_number(idn);
        if (!ck.first(seen_id, idn, line, "身份证号 " + masked)) continue;
        if (!ck.first(seen_ticket, f[2], line, "ticket " + f[2])) continue;

        Person p{f[0], idn, f[2], f[3], f[4], id.info->gender};
        auto by_id =
            tx.exec_params("SELECT id, name, COALESCE(ticket_no, '') FROM examinees WHERE id_number_index = $1",
                           db::bytes(cipher.blind_index(idn, "id_number")));
        auto by_ticket = tx.exec_params("SELECT id FROM examinees WHERE ticket_no = $1", f[2]);
        if (!by_id.empty()) {
            const long existing = by_id[0][0].as<long>();
            const std::string name = by_id[0][1].as<std::string>(), ticket = by_id[0][2].as<std::string>();
            if (name != f[0]) {
                ck.bad(line, "身份证号 " + masked + " already belongs to an examinee named " + name + ", not " + f[0]);
                continue;
            }
            if (!ticket.empty() && ticket != f[2]) {
                ck.bad(line, "身份证号 " + masked + " already has ticket " + ticket + ", not " + f[2]);
                continue;
            }
            if (!by_ticket.empty() && by_ticket[0][0].as<long>() != existing) {
                ck.bad(line, "ticket " + f[2] + " belongs to another examinee");
                continue;
            }
            // Same person and ticket: the record stays as it is (the examinee may have changed
            // phone or county here since). No ticket yet: a 新考生 who registered before the
            // exam system gave one.
            p.change = ticket == f[2] ? Change::Unchanged : Change::Changed;
            p.existing_id = existing;
        } else if (!by_ticket.empty()) {
            ck.bad(line, "ticket " + f[2] + " belongs to another examinee");
            continue;
        }
        items.push_back(p);
    }
    if (!ck.ok()) return;
    for (const auto& p : items) {
        if (p.change == Change::Unchanged) {
            count(rep, Change::Unchanged);
        } else if (p.change == Change::Changed) {
            tx.exec_params("UPDATE examinees SET ticket_no = $2 WHERE id = $1 AND ticket_no IS NULL", p.existing_id,
                           p.ticket);
            count(rep, Change::Changed);
        } else if (p.phone.empty()) {
            tx.exec_params(
                "INSERT INTO examinees (name, id_number_enc, id_number_index, ticket_no, gender, county_code,"
                " identity_status, origin) VALUES ($1, $2, $3, $4, $5, $6, 'unverified', 'imported')",
                p.name, db::bytes(cipher.encrypt(p.id_number, "id_number")),
                db::bytes(cipher.blind_index(p.id_number, "id_number")), p.ticket, std::string(1, p.gender), p.county);
            count(rep, Change::Added);
        } else {
            tx.exec_params(
                "INSERT INTO examinees (name, id_number_enc, id_number_index, ticket_no, gender, phone_enc,"
                " phone_index, county_code, identity_status, origin)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'unverified', 'imported')",
                p.name, db::bytes(cipher.encrypt(p.id_number, "id_number")),
                db::bytes(cipher.blind_index(p.id_number, "id_number")), p.ticket, std::string(1, p.gender),
                db::bytes(cipher.encrypt(p.phone, "phone")), db::bytes(cipher.blind_index(p.phone, "phone")), p.county);
            count(rep, Change::Added);
        }
    }
}

}  // namespace

// ---- public ----------------------------------------------------------------------------

std::optional<ImportKind> import_kind(const std::string& name) {
    for (ImportKind k : {ImportKind::Institutions, ImportKind::Courses, ImportKind::Majors, ImportKind::Plans,
                         ImportKind::Rules, ImportKind::Passed, ImportKind::Examinees})
        if (name == import_kind_name(k)) return k;
    return std::nullopt;
}

const char* import_kind_name(ImportKind kind) {
    switch (kind) {
        case ImportKind::Institutions: return "institutions";
        case ImportKind::Courses: return "courses";
        case ImportKind::Majors: return "majors";
        case ImportKind::Plans: return "plans";
        case ImportKind::Rules: return "rules";
        case ImportKind::Passed: return "passed";
        case ImportKind::Examinees: return "examinees";
    }
    return "";
}

const char* import_header(ImportKind kind) {
    switch (kind) {
        case ImportKind::Institutions: return "code,name,sort_order";
        case ImportKind::Courses: return "code,name,credits,new_plan";
        case ImportKind::Majors: return "institution_code,major_code,name,level";
        case ImportKind::Plans:
            return "institution_code,major_code,version,effective_from,effective_to,min_total_credits,course_code,"
                   "requirement,group_id,group_title,group_min_credits,group_min_count";
        case ImportKind::Rules: return "rule_id,kind,new_code,old_codes,valid_from,valid_to,majors,note";
        case ImportKind::Passed: return "ticket_no,course_code,passed_on,score,source";
        case ImportKind::Examinees: return "name,id_number,ticket_no,county_code,phone";
    }
    return "";
}

std::string ImportReport::summary() const {
    std::string s = std::to_string(rows) + " rows: " + std::to_string(added) + " added, " + std::to_string(changed) +
                    " changed, " + std::to_string(unchanged) + " unchanged";
    if (removed > 0) s += "; " + std::to_string(removed) + " removed (no longer in the file)";
    return s;
}

std::vector<std::string> csv_fields(const std::string& line, std::string* error) {
    std::vector<std::string> out(1);
    bool quoted = false, closed = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
                closed = true;
            } else {
                out.back() += c;
            }
        } else if (c == ',') {
            out.emplace_back();
            closed = false;
        } else if (closed) {
            // Text after a closing quote: kept (as the old reader did), but an error for imports.
            if (c == ' ' || c == '\t' || c == '\r') continue;
            if (error && error->empty())
                *error = "unexpected text after a closing quote in field " + std::to_string(out.size());
            out.back() += c;
        } else if (c == '"' && out.back().find_first_not_of(" \t") == std::string::npos) {
            out.back().clear();
            quoted = true;
        } else if (c != '\r') {
            out.back() += c;
        }
    }
    if (quoted && error)
        *error = "quote not closed in field " + std::to_string(out.size()) + " (a field cannot span lines)";
    return out;
}

ImportReport import_file(pqxx::transaction_base& tx, const crypto::FieldCipher* cipher, ImportKind kind,
                         const std::string& path, const std::string& label) {
    ImportReport report;
    Checker ck(report, label);
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kImportLock);
    auto rows = read_rows(path, kind, ck, report.rows);
    if (!rows) return report;
    switch (kind) {
        case ImportKind::Institutions: import_institutions(tx, *rows, ck, report); break;
        case ImportKind::Courses: import_courses(tx, *rows, ck, report); break;
        case ImportKind::Majors: import_majors(tx, *rows, ck, report); break;
        case ImportKind::Plans: import_plans(tx, *rows, ck, report); break;
        case ImportKind::Rules: import_rules(tx, *rows, ck, report); break;
        case ImportKind::Passed: import_passed(tx, *rows, ck, report); break;
        case ImportKind::Examinees:
            if (!cipher) throw std::logic_error("importing examinees needs the field cipher");
            import_examinees(tx, *cipher, *rows, ck, report);
            break;
    }
    // Errors sort by line, whichever check found them.
    std::stable_sort(report.errors.begin(), report.errors.end(), [&](const std::string& a, const std::string& b) {
        auto line_of = [&](const std::string& e) { return std::atol(e.c_str() + label.size() + 1); };
        return line_of(a) < line_of(b);
    });
    return report;
}

int import_command(const Config& config, const std::string& kind_name, const std::string& path) {
    auto kind = import_kind(kind_name);
    if (!kind) {
        std::cerr << "zikao-ctl import: unknown kind '" << kind_name
                  << "' (institutions, courses, majors, plans, rules, passed or examinees)\n";
        return 2;
    }
    std::unique_ptr<crypto::FieldCipher> cipher;
    if (*kind == ImportKind::Examinees) {
        cipher = std::make_unique<crypto::FieldCipher>(field_cipher(config));
    }
    pqxx::connection conn(config.require("database"));
    pqxx::work tx(conn);
    ImportReport report = import_file(tx, cipher.get(), *kind, path, path);
    if (!report.errors.empty()) {
        std::size_t shown = 0;
        for (const auto& e : report.errors) {
            if (++shown > kMaxPrintedErrors) break;
            std::cerr << e << "\n";
        }
        if (report.errors.size() > kMaxPrintedErrors)
            std::cerr << "... and " << report.errors.size() - kMaxPrintedErrors << " more\n";
        std::cerr << path << ": " << report.errors.size() << " error(s) in " << report.rows
                  << " rows; nothing was imported\n";
        return 1;  // tx is rolled back when it goes out of scope
    }
    tx.commit();
    std::cout << path << ": " << report.summary() << "\n";
    return 0;
}

}  // namespace zk::ctl
