// import_check.hpp: what the seven importers of `zikao-ctl import` share: the checked rows
// of a file, the per-file list of bad rows ("FILE:LINE: reason"), the field checks, and
// the importers themselves (one file each: import_<kind>.cpp). import.cpp reads the file
// and runs an importer inside the caller's transaction.
// An importer checks every row first and writes nothing unless the whole file is good
// (Checker::ok()); its writes compare values, so importing the same file twice changes
// nothing.
// SECURITY: every field is untrusted until one of these checks has passed it.
#pragma once
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/base/crypto.hpp"
#include "modules/ctl/import.hpp"

namespace zk::ctl::import {

enum class Change { Added, Changed, Unchanged };
void count(ImportReport& report, Change c);

// Per-file bookkeeping of bad rows.
class Checker {
public:
    Checker(ImportReport& report, std::string label) : report_(report), label_(std::move(label)) {}
    void bad(int line, const std::string& reason);
    bool ok() const { return report_.errors.empty(); }
    // The file as messages name it.
    const std::string& label() const { return label_; }
    // Remembers the first line of `key`; reports the duplicate and returns false on a repeat.
    bool first(std::map<std::string, int>& seen, const std::string& key, int line, const std::string& what);

private:
    ImportReport& report_;
    std::string label_;
};

// True when s has min..max characters, each a digit or one of the classes allowed.
bool code_like(const std::string& s, std::size_t min, std::size_t max, bool upper, bool lower,
               const char* extra = "");
// A plain decimal in [lo, hi]; a sign only when lo is negative.
std::optional<long> parse_int(const std::string& s, long lo, long hi);
// "YYYY-MM-DD", a real calendar date between 1950 and 2100 → yyyymmdd.
std::optional<int> parse_date(const std::string& s);
int today_china();  // yyyymmdd
std::vector<std::string> split_spaces(const std::string& s);

// A non-empty name of at most `max` characters.
bool check_name(Checker& ck, int line, const std::string& what, const std::string& s, std::size_t max);
bool check_course_code(Checker& ck, int line, const std::string& code);
// Course code well-formed and known; returns its credits.
std::optional<int> known_course(Checker& ck, int line, const std::map<std::string, int>& courses,
                                const std::string& code);
// An optional date column: "" or YYYY-MM-DD. Sets ok=false and reports otherwise.
int optional_date(Checker& ck, int line, const std::string& column, const std::string& s, bool& ok);
// Writes one checked item: inserted when `stored` has nothing under `key`, updated when
// the stored values differ, and counted either way.
template <typename Item>
void upsert(pqxx::transaction_base& tx, ImportReport& rep, const std::map<std::string, Item>& stored,
            const std::string& key, const Item& item, void (*insert)(pqxx::transaction_base&, const Item&),
            void (*update)(pqxx::transaction_base&, const Item&)) {
    auto it = stored.find(key);
    if (it == stored.end()) {
        insert(tx, item);
        count(rep, Change::Added);
    } else if (!(it->second == item)) {
        update(tx, item);
        count(rep, Change::Changed);
    } else {
        count(rep, Change::Unchanged);
    }
}

// Every course code in the database → its credits.
std::map<std::string, int> course_credits(pqxx::transaction_base& tx);

void import_institutions(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep);
void import_courses(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep);
void import_majors(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep);
void import_plans(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep);
void import_rules(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep);
void import_passed(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep);
void import_examinees(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, const std::vector<Row>& rows,
                      Checker& ck, ImportReport& rep);

}  // namespace zk::ctl::import
