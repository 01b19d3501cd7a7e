// imports.hpp: what every `zikao-ctl import` (LEG-1) and load-demo share in the database:
// the lock that serialises them. The tables each import writes have their own files
// (import_institutions, import_courses, import_majors, import_plans, import_rules,
// import_passed, import_examinees).
// SECURITY: trusts its callers; values go as parameters.
#pragma once
#include <pqxx/pqxx>

namespace zk::store::imports {

// Serialises imports (and load-demo) against each other until tx ends: two plan files
// replacing the same version at once would otherwise interleave their deletes and inserts.
void lock(pqxx::transaction_base& tx);

}  // namespace zk::store::imports
