// commands.hpp: the sub-commands of zikao-ctl, one function each, and what they share.
#pragma once
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/base/config.hpp"
#include "common/base/crypto.hpp"

namespace zk::ctl {
// data.key, index.key, csrf.key and the payment merchant's RSA pair when missing; the dev
// and test stacks add the 学信网 simulator's pair and the payment sandbox's (one per channel).
int keygen(const std::string& key_dir, bool with_chsi_simulator, bool with_pay_sandbox);
int migrate(const Config& config, const std::string& sql_dir, bool status_only);
int load_demo(const Config& config, const std::string& demo_dir);
// Expired sessions, limit_events older than 2 days, messages sent or given up more than
// 30 days ago (the clean-up timer).
int purge_sessions(const Config& config);
// Prepares every statement registered in this binary (db::registered_statements) against
// the configured database; prints "N statements prepared" and returns 0, or names each
// statement that does not match the schema on stderr and returns 1.
int check_statements(const Config& config);
// REV-3: recomputes the staff audit log's hash chain in one snapshot. Prints the number
// of rows and "chain intact" (exit 0), or names the first row that does not match — an
// edited row, or the row after a deleted one — and exits 1.
int audit_log_verify(const Config& config);
// A connection to the configured database with every registered statement prepared, for
// the sub-commands that need their own transaction type (imports, exports, demo data).
std::unique_ptr<pqxx::connection> connect(const Config& config);
// The field cipher from keys_dir (data.key, index.key).
crypto::FieldCipher field_cipher(const Config& config);
// "数据库：host=… dbname=…" on stdout: where an import or export is about to read or write
// (never the password).
void say_database(const Config& config);
// True, after saying "OPTION 缺少WHAT" on stderr, when the option args[i] has no value: it
// is the last word, or the next one is another option ("--…").
bool missing_value(const std::vector<std::string>& args, std::size_t i, const std::string& what);
}  // namespace zk::ctl
