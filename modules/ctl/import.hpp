// import.hpp: `zikao-ctl import KIND FILE.csv` (LEG-1): reference data (主考院校, courses,
// majors, plans, substitution rules), passed-course results and 在籍考生 records from the
// existing exam systems, as UTF-8 CSV with a fixed header. load-demo feeds the demo CSVs
// through the same code.
// SECURITY: the file is untrusted input: every field is checked before anything is
// written, SQL only ever carries values as parameters, 身份证号 and 手机号 are encrypted
// with the configured keys and never printed unmasked.
#pragma once
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/base/config.hpp"
#include "common/base/crypto.hpp"
#include "modules/ctl/import_rows.hpp"

namespace zk::ctl {

struct ImportReport {
    int rows = 0, added = 0, changed = 0, unchanged = 0;
    int removed = 0;                  // plan courses / rule lists dropped because the file no longer has them
    std::vector<std::string> errors;  // "FILE:LINE: reason" (reason in Chinese), in file order
    // "共 N 行，新增 X，更新 Y，未变 Z" (plus "，删除 W（文件中已不再列出）" when W > 0).
    std::string summary() const;
};

// Checks every row of `path`, then, only when there is no bad row, writes it inside `tx`.
// `label` names the file in messages. `cipher` is needed for examinees only. When the
// report has errors nothing was written; the caller must not commit either way on
// exceptions (database errors propagate).
ImportReport import_file(pqxx::transaction_base& tx, const crypto::FieldCipher* cipher, ImportKind kind,
                         const std::string& path, const std::string& label);

// The sub-command: one file, one transaction. First says which database it writes to
// ("数据库：host=… dbname=…"). Exit status 0, 1 (bad rows, nothing imported) or 2
// (unknown kind).
int import_command(const Config& config, const std::string& kind, const std::string& path);

}  // namespace zk::ctl
