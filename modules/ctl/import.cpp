// import.cpp: LEG-1 imports, the plumbing every kind shares: the file is read and split
// into rows (UTF-8, the exact header, the column count), the kind's importer
// (import_<kind>.cpp) checks every row and writes only a file without a single bad row,
// and the report's "FILE:LINE: reason" errors are sorted by line. The caller owns the
// transaction, so a database error in the middle of the writes still leaves nothing
// behind; `zikao-ctl import` commits only a clean file.
// SECURITY: trusts the database schema and the configured keys, nothing in the file.
// Messages name the file and line; 身份证号 and 手机号 appear in them only masked.
#include "modules/ctl/import.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "common/base/csv.hpp"
#include "common/base/strings.hpp"
#include "common/store/imports.hpp"
#include "modules/ctl/commands.hpp"
#include "modules/ctl/import_check.hpp"

namespace zk::ctl {

namespace {

using import::Checker;
using import::Row;

// Enough to find the pattern in a badly exported file without flooding the terminal.
constexpr std::size_t kMaxPrintedErrors = 500;

std::string joined(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : sep) + v[i];
    return out;
}

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

std::optional<std::vector<Row>> read_rows(const std::string& path, ImportKind kind, Checker& ck, int& data_rows) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("无法读取文件 " + path);
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
            ck.bad(line_no, "不是有效的 UTF-8 文本（请将文件另存为 UTF-8 编码的 CSV）");
            if (!header_seen) return std::nullopt;
            ++data_rows;
            continue;
        }
        if (!header_seen) {
            std::string err;
            auto f = csv::fields(line, &err);
            for (auto& s : f) s = strings::trim(s);
            if (!err.empty() || std::find(headers.begin(), headers.end(), joined(f, ",")) == headers.end()) {
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
                ck.bad(line_no, std::string("表头必须是：") + expected + optional + "（实际为：" + found + "）");
                return std::nullopt;
            }
            expected = joined(f, ",");
            columns = f.size();
            header_seen = true;
            continue;
        }
        if (strings::trim(line).empty()) continue;
        ++data_rows;
        std::string err;
        auto f = csv::fields(line, &err);
        if (!err.empty()) {
            ck.bad(line_no, csv_error_text(err));
            continue;
        }
        if (f.size() != columns) {
            ck.bad(line_no, "应有 " + std::to_string(columns) + " 列（" + expected + "），实际 " +
                                std::to_string(f.size()) + " 列");
            continue;
        }
        for (auto& s : f) s = strings::trim(s);
        rows.push_back({line_no, std::move(f)});
    }
    if (!header_seen) {
        ck.bad(1, std::string("文件为空；表头必须是：") + expected);
        return std::nullopt;
    }
    return rows;
}

}  // namespace

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

std::string ImportReport::summary() const {
    std::string s = "共 " + std::to_string(rows) + " 行，新增 " + std::to_string(added) + "，更新 " +
                    std::to_string(changed) + "，未变 " + std::to_string(unchanged);
    if (removed > 0) s += "，删除 " + std::to_string(removed) + "（文件中已不再列出）";
    return s;
}

ImportReport import_file(pqxx::transaction_base& tx, const crypto::FieldCipher* cipher, ImportKind kind,
                         const std::string& path, const std::string& label) {
    using namespace import;
    ImportReport report;
    Checker ck(report, label);
    store::imports::lock(tx);
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
        std::cerr << "zikao-ctl import：未知的数据类型 '" << kind_name
                  << "'（可用：institutions、courses、majors、plans、rules、passed、examinees）\n";
        return 2;
    }
    std::unique_ptr<crypto::FieldCipher> cipher;
    if (*kind == ImportKind::Examinees) {
        cipher = std::make_unique<crypto::FieldCipher>(field_cipher(config));
    }
    say_database(config);
    const auto conn = connect(config);
    pqxx::work tx(*conn);
    ImportReport report = import_file(tx, cipher.get(), *kind, path, path);
    if (!report.errors.empty()) {
        std::size_t shown = 0;
        for (const auto& e : report.errors) {
            if (++shown > kMaxPrintedErrors) break;
            std::cerr << e << "\n";
        }
        if (report.errors.size() > kMaxPrintedErrors)
            std::cerr << "……另有 " << report.errors.size() - kMaxPrintedErrors << " 处错误未列出\n";
        std::cerr << path << "：共 " << report.rows << " 行，" << report.errors.size()
                  << " 处错误；未导入任何数据\n";
        return 1;  // tx is rolled back when it goes out of scope
    }
    tx.commit();
    std::cout << path << "：" << report.summary() << "\n";
    return 0;
}

}  // namespace zk::ctl
