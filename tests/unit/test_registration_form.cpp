// test_registration_form.cpp: CppUnit tests for common/domain/registration_form, the rules of
// 《毕业生登记表》's two pages: dates as people type them, 籍贯, the personal step's messages,
// the resume rows (order, overlaps, 至今, at most ten), family members, the 400-汉字
// self-evaluation counted in characters (not bytes), lengths, and the packed family members.
// Trusts nothing but the code under test; "today" is passed in.
#include "common/domain/registration_form.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace zk::registration_form;
using zk::http::Form;

namespace {

constexpr int kToday = 20261202;

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

Form personal_form() {
    Form f;
    f.add("ethnicity", "汉族");
    f.add("occupation", "企业职工");
    f.add("political_status", "共青团员");
    f.add("phone", "13812345678");
    f.add("education", "高中");
    f.add("health", "健康");
    f.add("work_start", "2010年07月01日");
    f.add("overseas_relative", "否");
    f.add("native_place", "山西省太原市");
    f.add("employer", "太原市某某公司");
    f.add("address", "山西省太原市小店区某某路1号");
    return f;
}

Form with(Form base, const std::string& name, const std::string& value) {
    Form out;
    bool replaced = false;
    for (const auto& [n, v] : base.pairs()) {
        if (n == name && !replaced) {
            out.add(n, value);
            replaced = true;
        } else {
            out.add(n, v);
        }
    }
    if (!replaced) out.add(name, value);
    return out;
}

struct Row {
    std::string from, to, place;
};

Form resume_form(const std::vector<Row>& rows, const std::string& self_evaluation, const std::string& mode = "typed") {
    Form f;
    for (const auto& r : rows) {
        f.add("resume_from", r.from);
        f.add("resume_to", r.to);
        f.add("resume_place", r.place);
    }
    f.add("member_name", "张大山");
    f.add("member_relation", "父亲");
    f.add("member_employer", "太原钢铁公司");
    f.add("member_position", "工人");
    f.add("member_name", "");
    f.add("member_relation", "");
    f.add("member_employer", "");
    f.add("member_position", "");
    f.add("rewards", "");
    f.add("self_evaluation", self_evaluation);
    f.add("self_evaluation_mode", mode);
    return f;
}

const std::vector<Row> kTwoRows = {{"2004年09月01日", "2007年07月01日", "太原市第五中学 学习"},
                                   {"2007年07月01日", "至今", "太原市某某公司 职员"}};
const std::string kFourHundred = repeat("我", 400);

}  // namespace

class RegistrationFormTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RegistrationFormTest);
    CPPUNIT_TEST(dates_as_people_type_them);
    CPPUNIT_TEST(impossible_and_malformed_dates_are_refused);
    CPPUNIT_TEST(native_place_follows_province_city);
    CPPUNIT_TEST(a_complete_personal_step_has_no_message);
    CPPUNIT_TEST(each_personal_field_gets_its_own_message);
    CPPUNIT_TEST(work_start_after_today_is_refused);
    CPPUNIT_TEST(a_twenty_thousand_character_field_is_refused);
    CPPUNIT_TEST(html_is_kept_as_typed);
    CPPUNIT_TEST(valid_rows_are_sorted_and_blank_rows_dropped);
    CPPUNIT_TEST(at_least_one_row);
    CPPUNIT_TEST(eleven_rows_are_refused);
    CPPUNIT_TEST(ten_rows_are_accepted);
    CPPUNIT_TEST(start_must_be_before_end);
    CPPUNIT_TEST(overlapping_rows_are_refused_and_touching_rows_accepted);
    CPPUNIT_TEST(until_now_only_for_the_latest_row);
    CPPUNIT_TEST(partial_row_gets_a_message_at_its_place);
    CPPUNIT_TEST(self_evaluation_counts_han_characters);
    CPPUNIT_TEST(handwritten_needs_no_text);
    CPPUNIT_TEST(self_evaluation_has_an_upper_limit);
    CPPUNIT_TEST(family_member_needs_name_and_relation);
    CPPUNIT_TEST(seven_family_members_are_refused);
    CPPUNIT_TEST(mismatched_row_arrays_are_refused);
    CPPUNIT_TEST(family_packs_and_unpacks);
    CPPUNIT_TEST(crlf_becomes_lf);
    CPPUNIT_TEST_SUITE_END();

public:
    void dates_as_people_type_them() {
        for (const char* typed : {"2003年10月26日", "2003-10-26", "2003/10/26", "2003.10.26", "20031026",
                                  "２００３年１０月２６日", " 2003年10月26日 ", "2003年 10月 26日"}) {
            const auto d = parse_date(typed, false);
            CPPUNIT_ASSERT_MESSAGE(typed, d.has_value());
            CPPUNIT_ASSERT_EQUAL(20031026, d->key());
            CPPUNIT_ASSERT_EQUAL(std::string("2003年10月26日"), d->text());
            CPPUNIT_ASSERT_EQUAL(std::string("2003-10-26"), d->iso());
        }
        const auto m = parse_date("2003年9月", true);
        CPPUNIT_ASSERT(m.has_value());
        CPPUNIT_ASSERT_EQUAL(20030900, m->key());
        CPPUNIT_ASSERT_EQUAL(std::string("2003年09月"), m->text());
        CPPUNIT_ASSERT_EQUAL(std::string("2003-09-01"), m->iso());
        CPPUNIT_ASSERT(parse_date("2003-09", true).has_value());
        CPPUNIT_ASSERT(!parse_date("2003年9月", false).has_value());
        CPPUNIT_ASSERT(parse_date("2000年2月29日", false).has_value());
    }

    void impossible_and_malformed_dates_are_refused() {
        for (const char* typed : {"", "2003年13月01日", "2003年02月29日", "1900年02月29日", "2003-10-32", "2003/10-26",
                                  "03-10-26", "2003年10月26日后", "abc", "2003年10月26日2",
                                  "1899年12月31日", "2100年01月01日", "2003..10.26", "2003年10日", "十月"}) {
            CPPUNIT_ASSERT_MESSAGE(typed, !parse_date(typed, true).has_value());
        }
        // Without the final 日 the date is still unambiguous.
        CPPUNIT_ASSERT(parse_date("2003年10月26", false).has_value());
    }

    void native_place_follows_province_city() {
        for (const char* ok : {"山西省太原市", "山西省晋中市", "内蒙古自治区呼和浩特市", "北京市", "上海市浦东新区",
                               "广西壮族自治区南宁市", "山西省吕梁地区", "吉林省延边朝鲜族自治州", "香港特别行政区"})
            CPPUNIT_ASSERT_MESSAGE(ok, is_native_place(ok));
        for (const char* bad : {"太原", "山西", "山西省", "省市", "山西省太原", "Shanxi Taiyuan", "山西省<b>太原市",
                                "山西太原市", "山西省太原市12"})
            CPPUNIT_ASSERT_MESSAGE(bad, !is_native_place(bad));
    }

    void a_complete_personal_step_has_no_message() {
        Errors errors;
        const auto p = read_personal(personal_form(), kToday, errors);
        CPPUNIT_ASSERT_MESSAGE(errors.empty() ? "" : errors.begin()->second, errors.empty());
        CPPUNIT_ASSERT_EQUAL(20100701, p.work_start.key());
        CPPUNIT_ASSERT(p.overseas_relative.has_value() && !*p.overseas_relative);
        CPPUNIT_ASSERT_EQUAL(std::string("13812345678"), p.phone);
    }

    void each_personal_field_gets_its_own_message() {
        const std::vector<std::pair<std::string, std::string>> bad = {
            {"ethnicity", "火星族"},         {"ethnicity", ""},          {"occupation", ""},
            {"political_status", "民主党派"}, {"phone", "12345"},          {"education", "  "},
            {"health", ""},                  {"work_start", "2010年13月1日"}, {"work_start", "去年"},
            {"overseas_relative", "也许"},    {"native_place", "太原"},     {"employer", ""},
            {"address", "a"}};
        for (const auto& [field, value] : bad) {
            Errors errors;
            read_personal(with(personal_form(), field, value), kToday, errors);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(field + "=" + value, std::size_t(1), errors.size());
            CPPUNIT_ASSERT_MESSAGE(field, errors.count(field) == 1);
        }
    }

    void work_start_after_today_is_refused() {
        Errors errors;
        read_personal(with(personal_form(), "work_start", "2026年12月03日"), kToday, errors);
        CPPUNIT_ASSERT_EQUAL(std::string("参加工作时间不能晚于今天。"), errors["work_start"]);
        errors.clear();
        read_personal(with(personal_form(), "work_start", "2026-12-02"), kToday, errors);
        CPPUNIT_ASSERT(errors.empty());
    }

    void a_twenty_thousand_character_field_is_refused() {
        const std::string huge = repeat("字", 20000);
        for (const char* field : {"occupation", "education", "health", "native_place", "employer", "address"}) {
            Errors errors;
            const auto p = read_personal(with(personal_form(), field, huge), kToday, errors);
            CPPUNIT_ASSERT_MESSAGE(field, errors.count(field) == 1);
            CPPUNIT_ASSERT_MESSAGE(field, errors[field].find("不能超过") != std::string::npos ||
                                              std::string(field) == "native_place");
        }
        Errors errors;
        read_resume(resume_form(kTwoRows, huge), kToday, errors);
        CPPUNIT_ASSERT(errors["self_evaluation"].find("不能超过2000个字（现有20000个字）") != std::string::npos);
        errors.clear();
        read_resume(resume_form({{"2004年09月01日", "2007年07月01日", huge}}, kFourHundred), kToday, errors);
        CPPUNIT_ASSERT(errors["resume_1"].find("不能超过60个字") != std::string::npos);
    }

    void html_is_kept_as_typed() {
        Errors errors;
        const auto p = read_personal(with(personal_form(), "employer", "<script>alert(1)</script>"), kToday, errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("<script>alert(1)</script>"), p.employer);
    }

    void valid_rows_are_sorted_and_blank_rows_dropped() {
        Errors errors;
        const auto r = read_resume(resume_form({{"2007.07.01", "至今", "太原市某某公司 职员"},
                                                {"", "", ""},
                                                {"2004年9月", "2007年7月", "太原市第五中学 学习"}},
                                               kFourHundred),
                                   kToday, errors);
        CPPUNIT_ASSERT_MESSAGE(errors.empty() ? "" : errors.begin()->second, errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2004年09月"), r.rows[0].from_typed);
        CPPUNIT_ASSERT_EQUAL(std::string("2007年07月"), r.rows[0].to_typed);
        CPPUNIT_ASSERT_EQUAL(std::string("2007年07月01日"), r.rows[1].from_typed);
        CPPUNIT_ASSERT(r.rows[1].until_now);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.family.size());  // the blank member dropped
    }

    void at_least_one_row() {
        Errors errors;
        read_resume(resume_form({{"", "", ""}, {"", "", ""}}, kFourHundred), kToday, errors);
        CPPUNIT_ASSERT_EQUAL(std::string("学习或工作经历至少填写一行。"), errors["resume"]);
    }

    void eleven_rows_are_refused() {
        std::vector<Row> rows;
        for (int y = 2000; y < 2011; ++y)
            rows.push_back({std::to_string(y) + "年01月01日", std::to_string(y) + "年12月01日", "某单位"});
        Errors errors;
        read_resume(resume_form(rows, kFourHundred), kToday, errors);
        CPPUNIT_ASSERT_EQUAL(std::string("学习或工作经历最多填写10行。"), errors["resume"]);
    }

    void ten_rows_are_accepted() {
        std::vector<Row> rows;
        for (int y = 2000; y < 2010; ++y)
            rows.push_back({std::to_string(y) + "年01月01日", std::to_string(y) + "年12月01日", "某单位"});
        Errors errors;
        const auto r = read_resume(resume_form(rows, kFourHundred), kToday, errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), r.rows.size());
    }

    void start_must_be_before_end() {
        Errors errors;
        read_resume(resume_form({{"2007年07月01日", "2004年09月01日", "某单位"}}, kFourHundred), kToday, errors);
        CPPUNIT_ASSERT_EQUAL(std::string("第1行：起始日期应早于终止日期。"), errors["resume_1"]);
        errors.clear();
        read_resume(resume_form({{"2007年07月01日", "2007年07月01日", "某单位"}}, kFourHundred), kToday, errors);
        CPPUNIT_ASSERT(errors.count("resume_1"));
        errors.clear();
        read_resume(resume_form({{"2007年07月01日", "2027年07月01日", "某单位"}}, kFourHundred), kToday, errors);
        CPPUNIT_ASSERT_EQUAL(std::string("第1行：日期不能晚于今天。"), errors["resume_1"]);
        errors.clear();
        read_resume(resume_form({{"07/01/2007", "2008年07月01日", "某单位"}}, kFourHundred), kToday, errors);
        CPPUNIT_ASSERT(errors["resume_1"].find("起始日期格式应为xxxx年xx月xx日") != std::string::npos);
    }

    void overlapping_rows_are_refused_and_touching_rows_accepted() {
        Errors errors;
        read_resume(resume_form({{"2004年09月01日", "2008年07月01日", "甲"}, {"2007年07月01日", "2010年01月01日", "乙"}},
                                kFourHundred),
                    kToday, errors);
        CPPUNIT_ASSERT_EQUAL(std::string("第2行：与第1行的时间重叠，请核对起止日期。"), errors["resume_2"]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        errors.clear();
        // Given in reverse order: the later-starting row carries the message.
        read_resume(resume_form({{"2007年07月01日", "2010年01月01日", "乙"}, {"2004年09月01日", "2008年07月01日", "甲"}},
                                kFourHundred),
                    kToday, errors);
        CPPUNIT_ASSERT(errors.count("resume_1"));
        errors.clear();
        const auto r = read_resume(
            resume_form({{"2004年09月01日", "2007年07月01日", "甲"}, {"2007年07月01日", "2010年01月01日", "乙"}},
                        kFourHundred),
            kToday, errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.rows.size());
    }

    void until_now_only_for_the_latest_row() {
        Errors errors;
        read_resume(resume_form({{"2004年09月01日", "至今", "甲"}, {"2007年07月01日", "2010年01月01日", "乙"}},
                                kFourHundred),
                    kToday, errors);
        CPPUNIT_ASSERT(errors.count("resume_2"));
    }

    void partial_row_gets_a_message_at_its_place() {
        Errors errors;
        const auto r = read_resume(
            resume_form({{"2004年09月01日", "2007年07月01日", "甲"}, {"", "", ""}, {"2008年01月01日", "", ""}}, kFourHundred),
            kToday, errors);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT(errors["resume_3"].find("请填写终止日期") != std::string::npos);
        CPPUNIT_ASSERT(errors["resume_3"].find("请填写在何地何单位学习或工作") != std::string::npos);
        // Shown again in place: three rows, the third with what was typed.
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), r.rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2008年01月01日"), r.rows[2].from_typed);
    }

    void self_evaluation_counts_han_characters() {
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), han_count("我爱祖国"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), han_count("我，PostgreSQL和123。"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), han_count("\xF0\xA0\x80\x80"));  // U+20000, four bytes
        Errors errors;
        read_resume(resume_form(kTwoRows, repeat("我", 399)), kToday, errors);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT(errors["self_evaluation"].find("不得少于400字（现有399字") != std::string::npos);
        errors.clear();
        // 399 汉字 with punctuation and Latin letters: still 399.
        read_resume(resume_form(kTwoRows, repeat("我", 399) + "。，ABCDEFG123"), kToday, errors);
        CPPUNIT_ASSERT(errors.count("self_evaluation"));
        errors.clear();
        const auto r = read_resume(resume_form(kTwoRows, kFourHundred), kToday, errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT(!r.handwritten);
    }

    void handwritten_needs_no_text() {
        Errors errors;
        const auto r = read_resume(resume_form(kTwoRows, "", "handwritten"), kToday, errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT(r.handwritten);
        errors.clear();
        read_resume(resume_form(kTwoRows, kFourHundred, "other"), kToday, errors);
        CPPUNIT_ASSERT(errors.count("self_evaluation_mode"));
    }

    void self_evaluation_has_an_upper_limit() {
        Errors errors;
        read_resume(resume_form(kTwoRows, repeat("我", 2000)), kToday, errors);
        CPPUNIT_ASSERT(errors.empty());
        read_resume(resume_form(kTwoRows, repeat("我", 2001)), kToday, errors);
        CPPUNIT_ASSERT(errors.count("self_evaluation"));
    }

    void family_member_needs_name_and_relation() {
        Form f = resume_form(kTwoRows, kFourHundred);
        Form g;
        for (const auto& [n, v] : f.pairs()) g.add(n, n == "member_name" && v == "张大山" ? "" : v);
        Errors errors;
        read_resume(g, kToday, errors);
        CPPUNIT_ASSERT_EQUAL(std::string("第1位家庭成员：请填写姓名。"), errors["member_1"]);
    }

    void seven_family_members_are_refused() {
        Form f;
        for (const auto& r : kTwoRows) {
            f.add("resume_from", r.from);
            f.add("resume_to", r.to);
            f.add("resume_place", r.place);
        }
        for (int i = 0; i < 7; ++i) {
            f.add("member_name", "成员" + std::to_string(i));
            f.add("member_relation", "亲属");
            f.add("member_employer", "");
            f.add("member_position", "");
        }
        f.add("self_evaluation_mode", "handwritten");
        Errors errors;
        read_resume(f, kToday, errors);
        CPPUNIT_ASSERT_EQUAL(std::string("家庭主要成员最多填写6人。"), errors["family"]);
    }

    void mismatched_row_arrays_are_refused() {
        Form f = resume_form(kTwoRows, kFourHundred);
        f.add("resume_from", "2011年01月01日");
        Errors errors;
        read_resume(f, kToday, errors);
        CPPUNIT_ASSERT(errors.count("resume"));
    }

    void family_packs_and_unpacks() {
        const std::vector<FamilyMember> family = {{"张大山", "父亲", "太原钢铁公司", "工人"}, {"李小花", "母亲", "", ""}};
        const auto back = unpack_family(pack_family(family));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), back.size());
        CPPUNIT_ASSERT_EQUAL(std::string("太原钢铁公司"), back[0].employer);
        CPPUNIT_ASSERT_EQUAL(std::string("母亲"), back[1].relation);
        CPPUNIT_ASSERT_EQUAL(std::string(""), back[1].position);
        CPPUNIT_ASSERT(unpack_family(pack_family({})).empty());
    }

    void crlf_becomes_lf() {
        Errors errors;
        const auto r = read_resume(resume_form(kTwoRows, repeat("我", 200) + "\r\n" + repeat("你", 200)), kToday, errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT(r.self_evaluation.find('\r') == std::string::npos);
        CPPUNIT_ASSERT(r.self_evaluation.find('\n') != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RegistrationFormTest);
