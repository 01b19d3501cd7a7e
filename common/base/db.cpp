// db.cpp: connection life cycle. Prepared statements are declared on every new
// connection, so a reconnect after a PostgreSQL restart is complete by construction.
#include "common/base/db.hpp"

#include <set>

namespace zk::db {

namespace {
std::vector<const Statement*>& registry() {
    static std::vector<const Statement*> statements;
    return statements;
}
}  // namespace

Statement::Statement(std::string name, std::string sql, SandboxSchema schema)
    : name_(std::move(name)), sql_(std::move(sql)), sandbox_schema_(std::move(schema.name)) {
    registry().push_back(this);
}

const std::vector<const Statement*>& registered_statements() { return registry(); }

void prepare_all(pqxx::connection& c) {
    std::set<std::string> seen;
    for (const Statement* s : registry()) {
        if (!seen.insert(s->name()).second) throw std::logic_error("two prepared statements are named " + s->name());
        c.prepare(s->name(), s->sql());
        if (s->sandbox_schema().empty()) c.prepare_now(s->name());
    }
}

Database::Database(std::string conninfo) : conninfo_(std::move(conninfo)) {}

pqxx::connection& Database::conn() {
    if (!conn_ || !conn_->is_open()) {
        conn_.reset();
        try {
            auto c = std::make_unique<pqxx::connection>(conninfo_);
            // prepare_now: a statement that no longer matches the schema fails here, at
            // start, rather than in the middle of an examinee's request.
            prepare_all(*c);
            conn_ = std::move(c);
        } catch (const pqxx::broken_connection& e) {
            throw Unavailable(e.what());
        }
    }
    return *conn_;
}

void Database::lost() { conn_.reset(); }

void Database::ensure_connected() {
    read([](pqxx::nontransaction& tx) { tx.exec("SELECT 1"); });
}

bool Database::healthy() {
    try {
        ensure_connected();
        return true;
    } catch (const std::exception&) {
        lost();
        return false;
    }
}

std::string bytes_of(const pqxx::field& f) {
    if (f.is_null()) return {};
    pqxx::binarystring b(f);
    return b.str();
}

}  // namespace zk::db
