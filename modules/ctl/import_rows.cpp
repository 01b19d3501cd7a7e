// import_rows.cpp: see import_rows.hpp. The kinds and their headers, and the reader that
// turns a stream into checked rows; csv::fields' English errors become Chinese here.
// SECURITY: trusts nothing in the stream (see import_rows.hpp).
#include "modules/ctl/import_rows.hpp"

#include <algorithm>
#include <cstdlib>

#include "common/base/csv.hpp"
#include "common/base/strings.hpp"

namespace zk::ctl {

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

const char* import_optional_columns(ImportKind kind) {
    return kind == ImportKind::Passed ? "verified,used_by_graduation" : "";
}

namespace import {

namespace {

// csv::fields explains a malformed line in English ("… in field N"); the maintainers read Chinese.
std::string csv_error_text(const std::string& err) {
    const auto field_no = [&](const std::string& prefix) { return std::atoi(err.c_str() + prefix.size()); };
    static const std::string after_quote = "unexpected text after a closing quote in field ";
    static const std::string unclosed = "quote not closed in field ";
    if (err.starts_with(after_quote)) return "第 " + std::to_string(field_no(after_quote)) + " 列：右引号之后还有其他文字";
    if (err.starts_with(unclosed))
        return "第 " + std::to_string(field_no(unclosed)) + " 列：引号没有闭合（一个字段不能跨行）";
    return "CSV 格式错误：" + err;
}

}  // namespace

std::optional<std::vector<Row>> read_rows(std::istream& in, ImportKind kind, const BadLine& bad, int& data_rows) {
    // The headers a file may have: the required columns, then as many of the optional
    // ones as it uses, in their order. The rows then have as many fields as the header.
    std::vector<std::string> headers{import_header(kind)};
    if (const std::string optional = import_optional_columns(kind); !optional.empty())
        for (const auto& column : csv::fields(optional)) headers.push_back(headers.back() + "," + column);
    std::string expected = headers.front();
    std::size_t columns = csv::fields(expected).size();
    std::vector<Row> rows;
    std::string line;
    int line_no = 0;
    bool header_seen = false;
    data_rows = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_no == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // Excel's UTF-8 BOM
        if (!strings::is_clean_utf8(line)) {
            bad(line_no, "不是有效的 UTF-8 文本（请将文件另存为 UTF-8 编码的 CSV）");
            if (!header_seen) return std::nullopt;
            ++data_rows;
            continue;
        }
        if (!header_seen) {
            std::string err;
            auto f = csv::fields(line, &err);
            for (auto& s : f) s = strings::trim(s);
            if (!err.empty() || std::find(headers.begin(), headers.end(), strings::join(f, ",")) == headers.end()) {
                // Shown in full: the usual mistakes are one misspelt or missing column.
                std::string found = line;
                if (found.size() > 300) {
                    std::size_t cut = 300;
                    while (cut > 0 && (static_cast<unsigned char>(found[cut]) & 0xC0) == 0x80) --cut;  // whole chars
                    found = found.substr(0, cut) + "…";
                }
                std::string optional;  // "（其后可加 ,a 或 ,a,b）"
                for (std::size_t i = 1; i < headers.size(); ++i)
                    optional += (i == 1 ? "（其后可加 " : " 或 ") + headers[i].substr(expected.size());
                if (!optional.empty()) optional += "）";
                bad(line_no, std::string("表头必须是：") + expected + optional + "（实际为：" + found + "）");
                return std::nullopt;
            }
            expected = strings::join(f, ",");
            columns = f.size();
            header_seen = true;
            continue;
        }
        if (strings::trim(line).empty()) continue;
        ++data_rows;
        std::string err;
        auto f = csv::fields(line, &err);
        if (!err.empty()) {
            bad(line_no, csv_error_text(err));
            continue;
        }
        if (f.size() != columns) {
            bad(line_no, "应有 " + std::to_string(columns) + " 列（" + expected + "），实际 " +
                                std::to_string(f.size()) + " 列");
            continue;
        }
        for (auto& s : f) s = strings::trim(s);
        rows.push_back({line_no, std::move(f)});
    }
    if (!header_seen) {
        bad(1, std::string("文件为空；表头必须是：") + expected);
        return std::nullopt;
    }
    return rows;
}

}  // namespace import
}  // namespace zk::ctl
