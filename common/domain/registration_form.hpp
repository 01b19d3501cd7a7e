// registration_form.hpp: what the examinee types into 《毕业生登记表》 (REG-1, REG-2) and the
// rules it must meet: 毕业登记信息填写 (民族 … 详细住址) and 个人简历 (study and work rows,
// family members, 奖励或处分, 自我鉴定). Reads posted forms into values and Chinese messages
// keyed by field, so the page shows each message at its field and keeps what was typed.
// Pure: no database, no clock (today comes in), no globals but constant lists.
// SECURITY: trusts nothing it is given. Every value is clean UTF-8 (no control characters
// except the line breaks of the two text areas) and within its length; lists are closed;
// dates are real calendar dates. HTML in a value is kept as typed: pages escape it, the
// PDF prints it as text.
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/forms.hpp"

namespace zk::registration_form {

// A date as people type it: 2003年10月26日, 2003-10-26, 2003/10/26, 2003.10.26 (full-width
// digits too), or only year and month (2003年10月, 2003-10, 2003.10) where `month_only`
// allows it.
struct Date {
    int year = 0, month = 0, day = 0;  // day 0: only year and month were given
    int key() const { return year * 10000 + month * 100 + day; }  // yyyymmdd, yyyymm00
    std::string text() const;                                       // 2003年10月26日 / 2003年10月
    std::string iso() const;                                        // 2003-10-26 (the 1st when month only)
};
// nullopt for anything else, a date that does not exist, or a year outside 1900..2099.
std::optional<Date> parse_date(std::string_view typed, bool month_only_allowed);
// From the database's yyyy-mm-dd and the month-only flag.
Date date_from_iso(const std::string& iso, bool month_only);

// Field name → message.
using Errors = std::map<std::string, std::string>;

// ---- 毕业登记信息填写 ----

struct Personal {
    std::string ethnicity, occupation, political_status, phone, education, health;
    Date work_start;
    std::string work_start_typed;  // as typed, shown again on error
    std::optional<bool> overseas_relative;
    std::string native_place, employer, address;
};
// Reads and checks the posted step (names as the fields: ethnicity, occupation, …,
// work_start, overseas_relative 是/否). 民族 and 政治面貌 must be in common/domain/reference's
// lists. `today` is yyyymmdd in China time.
Personal read_personal(const http::Form& form, int today, Errors& errors);
// 籍贯 "xxx省xxx市" (also 自治区 / 特别行政区, and the four municipalities alone).
bool is_native_place(std::string_view text);

// ---- 个人简历 ----

inline constexpr std::size_t kMaxResumeRows = 10;
inline constexpr std::size_t kShownResumeRows = 7;  // as the seed's page
inline constexpr std::size_t kMaxFamily = 6;
inline constexpr std::size_t kShownFamily = 4;
inline constexpr std::size_t kMinSelfEvaluation = 400;   // Chinese characters (汉字)
inline constexpr std::size_t kMaxSelfEvaluation = 2000;  // characters of any kind

struct ResumeRow {
    std::optional<Date> from, to;     // to nullopt with `until_now`: 至今
    bool until_now = false;
    std::string place;
    std::string from_typed, to_typed;  // as typed
};
struct FamilyMember {
    std::string name, relation, employer, position;
};
struct Resume {
    // Valid: the rows in time order, blank ones dropped. With a message: every posted row in
    // its place (blank ones too), so each message stays at its row when the page is shown again.
    std::vector<ResumeRow> rows;
    std::vector<FamilyMember> family;  // the same rule: blank members dropped unless a member has a message
    std::string rewards, self_evaluation;
    bool handwritten = false;  // 打印后手写
};
// Reads the posted rows (resume_from / resume_to / resume_place repeated in row order, and
// member_name / member_relation / member_employer / member_position), the text areas and
// self_evaluation_mode (typed / handwritten). Row messages are keyed resume_N / member_N
// (N from 1, in the order posted). `today` is yyyymmdd.
Resume read_resume(const http::Form& form, int today, Errors& errors);

// The 汉字 in a text (CJK unified ideographs and their extensions): what "不得少于400字"
// counts. Punctuation, Latin letters and digits are not counted.
std::size_t han_count(std::string_view text);

// Family members stored encrypted as one value: fields joined by U+001F, members by
// U+001E (control characters no checked value can contain).
std::string pack_family(const std::vector<FamilyMember>& family);
std::vector<FamilyMember> unpack_family(std::string_view packed);

}  // namespace zk::registration_form
