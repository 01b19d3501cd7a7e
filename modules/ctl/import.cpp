// import.cpp: LEG-1 imports, the plumbing every kind shares: the file is read and split
// into rows by import_rows.cpp (UTF-8, the exact header, the column count), the kind's importer
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

#include "common/store/imports.hpp"
#include "modules/ctl/commands.hpp"
#include "modules/ctl/import_check.hpp"

namespace zk::ctl {

namespace {

// Enough to find the pattern in a badly exported file without flooding the terminal.
constexpr std::size_t kMaxPrintedErrors = 500;

}  // namespace

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
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("无法读取文件 " + path);
    auto rows = read_rows(in, kind, [&](int line, const std::string& reason) { ck.bad(line, reason); }, report.rows);
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
