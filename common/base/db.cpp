// db.cpp: connection life cycle. Prepared statements are declared on every new
// connection, so a reconnect after a PostgreSQL restart is complete by construction.
#include "common/base/db.hpp"

#include <set>
#include <string_view>

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

// Receives every notice and warning of its connection; keeps the observed ones.
class Database::NoticeCollector : public pqxx::errorhandler {
public:
    NoticeCollector(pqxx::connection_base& c, const std::string& prefix, std::vector<std::string>& into)
        : pqxx::errorhandler(c), prefix_(prefix), into_(into) {}
    // libpq's text: "NOTICE:  zikao-invalidate e:42\n".
    bool operator()(const char msg[]) noexcept override {
        try {
            const std::string_view text(msg);
            const auto at = text.find(prefix_);
            if (at == std::string_view::npos) return true;
            std::string_view rest = text.substr(at + prefix_.size());
            rest = rest.substr(0, rest.find_first_of("\r\n"));
            into_.emplace_back(rest);
            return false;
        } catch (...) {
            return true;  // out of memory: the listener's NOTIFY still arrives
        }
    }

private:
    std::string prefix_;
    std::vector<std::string>& into_;
};

Database::Database(std::string conninfo) : conninfo_(std::move(conninfo)) {}
Database::~Database() { lost(); }

void Database::observe_notices(NoticeObserver observer) {
    lost();
    observer_ = std::move(observer);
}

pqxx::connection& Database::conn() {
    if (!conn_ || !conn_->is_open()) {
        lost();
        try {
            auto c = std::make_unique<pqxx::connection>(conninfo_);
            // prepare_now: a statement that no longer matches the schema fails here, at
            // start, rather than in the middle of an examinee's request.
            prepare_all(*c);
            std::unique_ptr<NoticeCollector> collector;
            if (observer_) {
                collector = std::make_unique<NoticeCollector>(*c, observer_->prefix, collected_);
                pqxx::nontransaction setup(*c);
                setup.exec(observer_->setup);
            }
            conn_ = std::move(c);
            collector_ = std::move(collector);
        } catch (const pqxx::broken_connection& e) {
            throw Unavailable(e.what());
        }
    }
    return *conn_;
}

void Database::lost() {
    collector_.reset();  // unregisters from conn_, so before it
    conn_.reset();
}

void Database::deliver_notices() noexcept {
    if (collected_.empty()) return;
    std::vector<std::string> keys;
    keys.swap(collected_);
    if (!observer_ || !observer_->on_commit) return;
    try {
        observer_->on_commit(keys);
    } catch (...) {
        // The observer keeps caches; the NOTIFY of the same change reaches them as well.
    }
}

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
