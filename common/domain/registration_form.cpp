// registration_form.cpp: see registration_form.hpp. Messages name the field as the page
// labels it, and for rows the row number the examinee sees.
#include "common/domain/registration_form.hpp"

#include <algorithm>
#include <cstdio>

#include "common/base/strings.hpp"
#include "common/domain/reference.hpp"
#include "common/domain/validate.hpp"

namespace zk::registration_form {

namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2099;

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Full-width digits and separators (what a Chinese input method types) as ASCII; other
// characters are kept.
std::string half_width(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t start = i;
        const auto cp = strings::decode_one(s, i);
        if (!cp) return {};
        if (*cp >= 0xFF10 && *cp <= 0xFF19) out += static_cast<char>('0' + (*cp - 0xFF10));
        else if (*cp == 0xFF0D) out += '-';
        else if (*cp == 0xFF0F) out += '/';
        else if (*cp == 0xFF0E) out += '.';
        else if (*cp == 0x3000) out += ' ';
        else out.append(s.substr(start, i - start));
    }
    return out;
}

// A typed value: trimmed; its message (with `label`) when required and empty, too long, or
// not clean text. Line breaks only where `multiline`.
std::string text_field(const http::Form& form, const char* name, const char* label, std::size_t min_chars,
                       std::size_t max_chars, bool multiline, Errors& errors, const std::string& required_message = "") {
    std::string v = strings::trim(form.value(name));
    if (multiline) {
        std::string unix;
        for (std::size_t i = 0; i < v.size(); ++i)
            if (!(v[i] == '\r' && i + 1 < v.size() && v[i + 1] == '\n')) unix += v[i] == '\r' ? '\n' : v[i];
        v = std::move(unix);
    }
    std::string message;
    const std::size_t n = strings::utf8_length(v);
    if (!strings::is_clean_utf8(v)) message = std::string(label) + "含有无法识别的字符。";
    else if (!multiline && v.find_first_of("\t\r\n") != std::string::npos)
        message = std::string(label) + "不能包含换行。";
    else if (n == 0 && min_chars > 0)
        message = required_message.empty() ? "请填写" + std::string(label) + "。" : required_message;
    else if (n < min_chars) message = std::string(label) + "至少" + std::to_string(min_chars) + "个字。";
    else if (n > max_chars)
        message = std::string(label) + "不能超过" + std::to_string(max_chars) + "个字（现有" + std::to_string(n) + "个字）。";
    if (!message.empty()) {
        errors.emplace(name, message);
        if (!strings::is_clean_utf8(v)) v.clear();
    }
    return v;
}

// One row value of a repeated field (the i-th), trimmed, "" when clean checks fail (the
// row's message says why).
struct RowText {
    std::string value;
    std::string problem;  // "" when acceptable
};
RowText row_text(const std::string& raw, const char* label, std::size_t max_chars) {
    RowText t{strings::trim(raw), ""};
    if (!strings::is_clean_utf8(t.value) || t.value.find_first_of("\t\r\n") != std::string::npos) {
        t.problem = std::string(label) + "含有无法识别的字符";
        t.value.clear();
    } else if (strings::utf8_length(t.value) > max_chars) {
        t.problem = std::string(label) + "不能超过" + std::to_string(max_chars) + "个字";
    }
    return t;
}

std::string row_label(std::size_t n) { return "第" + std::to_string(n) + "行："; }

const char* const kDateFormat = "xxxx年xx月xx日";

}  // namespace

std::string Date::text() const {
    char buf[32];
    if (day == 0) std::snprintf(buf, sizeof buf, "%04d年%02d月", year, month);
    else std::snprintf(buf, sizeof buf, "%04d年%02d月%02d日", year, month, day);
    return buf;
}

std::string Date::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day == 0 ? 1 : day);
    return buf;
}

Date date_from_iso(const std::string& iso, bool month_only) {
    Date d;
    if (iso.size() == 10 && std::sscanf(iso.c_str(), "%4d-%2d-%2d", &d.year, &d.month, &d.day) == 3) {
        if (month_only) d.day = 0;
    }
    return d;
}

std::optional<Date> parse_date(std::string_view typed, bool month_only_allowed) {
    const std::string s = half_width(strings::trim(typed));
    if (s.empty() || s.size() > 40) return std::nullopt;
    // Tokens: runs of digits, and the separators between them.
    std::vector<std::string> numbers, separators;
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] >= '0' && s[i] <= '9') {
            std::size_t j = i;
            while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
            numbers.emplace_back(s.substr(i, j - i));
            i = j;
        } else {
            std::size_t j = i;
            while (j < s.size() && !(s[j] >= '0' && s[j] <= '9')) ++j;
            std::string sep = s.substr(i, j - i);
            sep.erase(std::remove(sep.begin(), sep.end(), ' '), sep.end());
            separators.push_back(sep);
            i = j;
        }
    }
    // A number first, then separators and numbers alternating; a trailing 日 or 月 allowed.
    if (!(s[0] >= '0' && s[0] <= '9')) return std::nullopt;
    std::string trailing;
    if (separators.size() == numbers.size()) {
        trailing = separators.back();
        separators.pop_back();
    }
    if (separators.size() + 1 != numbers.size()) return std::nullopt;

    Date d;
    auto to_int = [](const std::string& n) { return n.size() > 4 ? -1 : std::stoi(n); };
    if (numbers.size() == 1) {  // 20031026 or 200310
        const std::string& n = numbers[0];
        if (!trailing.empty()) return std::nullopt;
        if (n.size() == 8) d = {std::stoi(n.substr(0, 4)), std::stoi(n.substr(4, 2)), std::stoi(n.substr(6, 2))};
        else if (n.size() == 6) d = {std::stoi(n.substr(0, 4)), std::stoi(n.substr(4, 2)), 0};
        else return std::nullopt;
    } else {
        if (numbers[0].size() != 4 || numbers[1].size() > 2 || (numbers.size() == 3 && numbers[2].size() > 2) ||
            numbers.size() > 3)
            return std::nullopt;
        const bool chinese = separators[0] == "年";
        if (chinese) {
            if (numbers.size() == 3 && separators[1] != "月") return std::nullopt;
            const std::string want_end = numbers.size() == 3 ? "日" : "月";
            if (!trailing.empty() && trailing != want_end) return std::nullopt;
            if (numbers.size() == 2 && trailing != "月") return std::nullopt;
        } else {
            if (separators[0] != "-" && separators[0] != "/" && separators[0] != ".") return std::nullopt;
            if (numbers.size() == 3 && separators[1] != separators[0]) return std::nullopt;
            if (!trailing.empty()) return std::nullopt;
        }
        d = {to_int(numbers[0]), to_int(numbers[1]), numbers.size() == 3 ? to_int(numbers[2]) : 0};
    }
    if (d.year < kMinYear || d.year > kMaxYear || d.month < 1 || d.month > 12) return std::nullopt;
    if (d.day == 0) return month_only_allowed ? std::optional<Date>(d) : std::nullopt;
    if (d.day < 1 || d.day > days_in(d.year, d.month)) return std::nullopt;
    return d;
}

bool is_native_place(std::string_view text) {
    const std::string s(text);
    if (!strings::is_clean_utf8(s)) return false;
    // Only Chinese characters (and the middle dot of some place names).
    std::size_t i = 0, n = 0;
    while (i < s.size()) {
        const auto cp = strings::decode_one(s, i);
        if (!cp || !((*cp >= 0x4E00 && *cp <= 0x9FFF) || *cp == 0x00B7)) return false;
        ++n;
    }
    if (n < 3 || n > 30) return false;
    auto ends_with = [&](std::string_view tail, std::size_t from) {
        return s.size() >= from + tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
    };
    for (const char* city : {"北京市", "天津市", "上海市", "重庆市"})
        if (s.rfind(city, 0) == 0) return true;  // a municipality, with or without a district
    for (const char* province : {"省", "自治区", "特别行政区"}) {
        const auto at = s.find(province);
        if (at == std::string::npos || at < 6) continue;  // at least two characters before it
        const std::size_t rest = at + std::string_view(province).size();
        if (rest == s.size()) return std::string_view(province) == "特别行政区";
        for (const char* tail : {"市", "州", "盟", "地区", "县", "区", "旗"})
            if (ends_with(tail, rest) && s.size() - rest >= std::string_view(tail).size() + 3) return true;
    }
    return false;
}

Personal read_personal(const http::Form& form, int today, Errors& errors) {
    Personal p;
    p.ethnicity = form.value("ethnicity");
    if (!reference::contains(reference::ethnicities(), p.ethnicity)) {
        errors.emplace("ethnicity", "请从列表中选择民族。");
        p.ethnicity.clear();
    }
    p.occupation = text_field(form, "occupation", "职业", 1, 30, false, errors);
    p.political_status = form.value("political_status");
    if (!reference::contains(reference::political_statuses(), p.political_status)) {
        errors.emplace("political_status", "请从列表中选择政治面貌。");
        p.political_status.clear();
    }
    p.phone = strings::trim(form.value("phone"));
    if (!validate::is_mobile_phone(p.phone)) {
        errors.emplace("phone", "请填写11位手机号码。");
        if (!strings::is_clean_utf8(p.phone) || p.phone.size() > 32) p.phone.clear();
    }
    p.education = text_field(form, "education", "已取得学历", 1, 30, false, errors);
    p.health = text_field(form, "health", "健康状况", 1, 20, false, errors, "请填写健康状况，如：健康。");
    p.work_start_typed = text_field(form, "work_start", "参加工作时间", 1, 20, false, errors);
    if (!errors.count("work_start")) {
        if (const auto d = parse_date(p.work_start_typed, false)) {
            if (d->key() > today) errors.emplace("work_start", "参加工作时间不能晚于今天。");
            else {
                p.work_start = *d;
                p.work_start_typed = d->text();
            }
        } else {
            errors.emplace("work_start", std::string("请按“") + kDateFormat + "”的格式填写参加工作时间，如：2010年07月01日。");
        }
    }
    const std::string overseas = form.value("overseas_relative");
    if (overseas == "是") p.overseas_relative = true;
    else if (overseas == "否") p.overseas_relative = false;
    else errors.emplace("overseas_relative", "请选择是否华侨、港澳、台属。");
    p.native_place = text_field(form, "native_place", "籍贯", 1, 30, false, errors);
    if (!errors.count("native_place") && !is_native_place(p.native_place))
        errors.emplace("native_place", "请按“xxx省xxx市”的格式填写籍贯，如：山西省太原市。");
    p.employer = text_field(form, "employer", "工作单位", 1, 60, false, errors, "请填写工作单位（没有工作单位的请填“无”）。");
    p.address = text_field(form, "address", "详细住址", 2, 100, false, errors);
    return p;
}

std::size_t han_count(std::string_view text) {
    std::size_t i = 0, n = 0;
    const std::string s(text);
    while (i < s.size()) {
        const auto cp = strings::decode_one(s, i);
        if (!cp) {
            ++i;
            continue;
        }
        const char32_t c = *cp;
        if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
            (c >= 0x20000 && c <= 0x3134F))
            ++n;
    }
    return n;
}

Resume read_resume(const http::Form& form, int today, Errors& errors) {
    Resume r;
    // ---- 学习或工作经历 ----
    const auto froms = form.all("resume_from");
    const auto tos = form.all("resume_to");
    const auto places = form.all("resume_place");
    if (froms.size() != tos.size() || froms.size() != places.size()) {
        errors.emplace("resume", "简历表格的数据不完整，请刷新页面后重新填写。");
    } else if (froms.size() > kMaxResumeRows) {
        errors.emplace("resume", "学习或工作经历最多填写" + std::to_string(kMaxResumeRows) + "行。");
    } else {
        struct Numbered {
            std::size_t n;
            ResumeRow row;
        };
        std::vector<Numbered> valid;
        std::size_t filled = 0;
        for (std::size_t i = 0; i < froms.size(); ++i) {
            const std::size_t n = i + 1;
            ResumeRow row;
            const auto from = row_text(froms[i], "起始日期", 20);
            const auto to = row_text(tos[i], "终止日期", 20);
            const auto place = row_text(places[i], "学习或工作单位", 60);
            row.from_typed = from.value;
            row.to_typed = to.value;
            row.place = place.value;
            if (from.value.empty() && to.value.empty() && place.value.empty() && from.problem.empty() &&
                to.problem.empty() && place.problem.empty()) {
                r.rows.push_back(row);  // a blank row keeps its place while the page is shown again
                continue;
            }
            ++filled;
            std::vector<std::string> problems;
            for (const auto* t : {&from, &to, &place})
                if (!t->problem.empty()) problems.push_back(t->problem);
            if (problems.empty()) {
                if (from.value.empty()) problems.push_back("请填写起始日期");
                else if (!(row.from = parse_date(from.value, true)))
                    problems.push_back(std::string("起始日期格式应为") + kDateFormat + "（或xxxx年xx月）");
                if (to.value.empty()) problems.push_back("请填写终止日期（仍在进行的填“至今”）");
                else if (to.value == "至今" || to.value == "今") row.until_now = true;
                else if (!(row.to = parse_date(to.value, true)))
                    problems.push_back(std::string("终止日期格式应为") + kDateFormat + "（或xxxx年xx月，仍在进行的填“至今”）");
                if (place.value.empty()) problems.push_back("请填写在何地何单位学习或工作");
            }
            if (problems.empty()) {
                if (row.from->key() > today || (row.to && row.to->key() > today))
                    problems.push_back("日期不能晚于今天");
                else if (row.to && row.from->key() >= row.to->key())
                    problems.push_back("起始日期应早于终止日期");
            }
            if (problems.empty()) {
                if (row.from) row.from_typed = row.from->text();
                if (row.to) row.to_typed = row.to->text();
                if (row.until_now) row.to_typed = "至今";
                valid.push_back({n, row});
            } else {
                std::string m = row_label(n);
                for (std::size_t k = 0; k < problems.size(); ++k) m += (k ? "；" : "") + problems[k];
                errors.emplace("resume_" + std::to_string(n), m + "。");
            }
            r.rows.push_back(row);
        }
        if (filled == 0) errors.emplace("resume", "学习或工作经历至少填写一行。");
        // Overlaps among the valid rows, in time order: a row may start on the day the one
        // before it ends, not earlier; 至今 only for the latest.
        std::stable_sort(valid.begin(), valid.end(),
                         [](const Numbered& a, const Numbered& b) { return a.row.from->key() < b.row.from->key(); });
        for (std::size_t k = 1; k < valid.size(); ++k) {
            const auto& prev = valid[k - 1];
            const auto& next = valid[k];
            const bool overlap = prev.row.until_now || next.row.from->key() < prev.row.to->key();
            if (overlap)
                errors.emplace("resume_" + std::to_string(next.n), row_label(next.n) + "与第" + std::to_string(prev.n) +
                                                                       "行的时间重叠，请核对起止日期。");
        }
        // Without a message the rows are kept in time order, blank ones dropped.
        if (std::none_of(errors.begin(), errors.end(), [](const auto& e) { return e.first.rfind("resume", 0) == 0; })) {
            r.rows.clear();
            for (auto& v : valid) r.rows.push_back(std::move(v.row));
        }
    }

    // ---- 家庭主要成员 ----
    const auto names = form.all("member_name");
    const auto relations = form.all("member_relation");
    const auto employers = form.all("member_employer");
    const auto positions = form.all("member_position");
    if (names.size() != relations.size() || names.size() != employers.size() || names.size() != positions.size()) {
        errors.emplace("family", "家庭成员表格的数据不完整，请刷新页面后重新填写。");
    } else if (names.size() > kMaxFamily) {
        errors.emplace("family", "家庭主要成员最多填写" + std::to_string(kMaxFamily) + "人。");
    } else {
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::size_t n = i + 1;
            const auto name = row_text(names[i], "姓名", 30);
            const auto relation = row_text(relations[i], "称谓", 10);
            const auto employer = row_text(employers[i], "工作单位", 60);
            const auto position = row_text(positions[i], "职务", 30);
            FamilyMember m{name.value, relation.value, employer.value, position.value};
            std::vector<std::string> problems;
            for (const auto* t : {&name, &relation, &employer, &position})
                if (!t->problem.empty()) problems.push_back(t->problem);
            if (problems.empty() && m.name.empty() && m.relation.empty() && m.employer.empty() && m.position.empty()) {
                r.family.push_back(std::move(m));  // blank: dropped below unless the page is shown again
                continue;
            }
            if (problems.empty()) {
                if (m.name.empty()) problems.push_back("请填写姓名");
                if (m.relation.empty()) problems.push_back("请填写称谓（如：父亲、母亲、配偶）");
            }
            if (!problems.empty()) {
                std::string msg = "第" + std::to_string(n) + "位家庭成员：";
                for (std::size_t k = 0; k < problems.size(); ++k) msg += (k ? "；" : "") + problems[k];
                errors.emplace("member_" + std::to_string(n), msg + "。");
            }
            r.family.push_back(std::move(m));
        }
        if (std::none_of(errors.begin(), errors.end(), [](const auto& e) { return e.first.rfind("member", 0) == 0; }))
            std::erase_if(r.family, [](const FamilyMember& m) { return m.name.empty(); });
    }

    // ---- 奖励或处分, 自我鉴定 ----
    r.rewards = text_field(form, "rewards", "奖励或处分", 0, 200, true, errors);
    r.self_evaluation = text_field(form, "self_evaluation", "自我鉴定", 0, kMaxSelfEvaluation, true, errors);
    const std::string mode = form.value("self_evaluation_mode");
    if (mode == "handwritten") {
        r.handwritten = true;
    } else if (mode == "typed") {
        if (!errors.count("self_evaluation")) {
            const std::size_t han = han_count(r.self_evaluation);
            if (han < kMinSelfEvaluation)
                errors.emplace("self_evaluation", "自我鉴定不得少于" + std::to_string(kMinSelfEvaluation) + "字（现有" +
                                                      std::to_string(han) +
                                                      "字，只计汉字）。如需打印后手写，请选择“打印后手写”。");
        }
    } else {
        errors.emplace("self_evaluation_mode", "请选择自我鉴定的填写方式。");
    }
    return r;
}

std::string pack_family(const std::vector<FamilyMember>& family) {
    std::string out;
    for (std::size_t i = 0; i < family.size(); ++i) {
        if (i) out += '\x1e';
        const auto& m = family[i];
        out += m.name + '\x1f' + m.relation + '\x1f' + m.employer + '\x1f' + m.position;
    }
    return out;
}

std::vector<FamilyMember> unpack_family(std::string_view packed) {
    std::vector<FamilyMember> out;
    if (packed.empty()) return out;
    std::size_t start = 0;
    while (start <= packed.size()) {
        std::size_t end = packed.find('\x1e', start);
        if (end == std::string_view::npos) end = packed.size();
        const std::string_view one = packed.substr(start, end - start);
        std::vector<std::string> fields;
        std::size_t f = 0;
        while (true) {
            const std::size_t g = one.find('\x1f', f);
            fields.emplace_back(one.substr(f, g == std::string_view::npos ? std::string_view::npos : g - f));
            if (g == std::string_view::npos) break;
            f = g + 1;
        }
        fields.resize(4);
        out.push_back({fields[0], fields[1], fields[2], fields[3]});
        start = end + 1;
    }
    return out;
}

}  // namespace zk::registration_form
