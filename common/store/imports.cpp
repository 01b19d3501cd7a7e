// imports.cpp: see imports.hpp.
#include "common/store/imports.hpp"

#include "common/base/db.hpp"

namespace zk::store::imports {
namespace {
constexpr long kImportLock = 2025110103;
}  // namespace

const db::Statement kLock{"imports_lock", "SELECT pg_advisory_xact_lock($1)"};
void lock(pqxx::transaction_base& tx) { kLock(tx, kImportLock); }

}  // namespace zk::store::imports
