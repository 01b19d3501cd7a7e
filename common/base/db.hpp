// db.hpp: PostgreSQL access through libpqxx 6.4, one Database per worker thread.
// Every statement is a db::Statement defined at namespace scope in common/store, next to
// the one typed function that runs it. Defining it registers it; every connection
// prepares every registered statement, so none can be forgotten, and no SQL is ever
// assembled from user input. Writes run in
// transactions retried on serialization failure and deadlock; a lost connection makes
// the request answer 503 and the next request opens a fresh connection.
// SECURITY: trusts the connection string from the configuration; binary parameters
// (ciphertexts, hashes) go as pqxx::binarystring because std::string stops at NUL.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace zk::db {

// The schema of a development stand-in's own tables (the payment sandbox's `paysim`,
// created by sql/sandbox in the dev and test stacks only), which a production database
// does not have.
struct SandboxSchema {
    std::string name;
};

// A named prepared statement. Only ever defined with static storage duration (a
// namespace-scope constant in a common/store file): construction adds it to the registry
// that Database prepares on each new connection. Names must be unique (checked at start).
// A statement over a SandboxSchema is declared on every connection too, but prepared on
// its first use rather than at once: zikao-ctl links every statement and must still run
// against a production database; `zikao-ctl check-statements` prepares it where its
// schema exists.
class Statement {
public:
    Statement(std::string name, std::string sql, SandboxSchema schema = {});
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    const std::string& name() const { return name_; }
    const std::string& sql() const { return sql_; }
    // The SandboxSchema it reads and writes; "" for the statements of sql/migrations.
    const std::string& sandbox_schema() const { return sandbox_schema_; }

    template <typename... Args>
    pqxx::result operator()(pqxx::transaction_base& tx, Args&&... args) const {
        return tx.exec_prepared(name_, std::forward<Args>(args)...);
    }

private:
    std::string name_, sql_, sandbox_schema_;
};

// Every Statement linked into this binary, in definition order.
const std::vector<const Statement*>& registered_statements();
// Prepares every registered statement on `c` now (prepare_now), so a statement that no
// longer matches the schema fails at start; a sandbox statement is only declared (see
// Statement). Throws std::logic_error on a duplicate name.
void prepare_all(pqxx::connection& c);

// A text column that may be NULL, as a string ("" for NULL).
inline std::string text(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

// Thrown when the database cannot be reached; the dispatcher answers 503.
struct Unavailable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Facts a database reports to the connection that caused them, by RAISE NOTICE with a
// known prefix inside the statement (migration 0014: "zikao-invalidate KEY" when a change
// touches what the session caches keep). A Database that observes them runs `setup` on
// every new connection (to ask for the notices), collects the texts after `prefix` while a
// transaction runs, and hands them to `on_commit` once it committed (after each read(),
// whose statements commit one by one); a transaction that rolled back hands over nothing.
struct NoticeObserver {
    std::string prefix;
    std::string setup;
    std::function<void(const std::vector<std::string>&)> on_commit;
};

class Database {
public:
    explicit Database(std::string conninfo);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    // Before the first statement: from then on, every connection reports to `observer`.
    void observe_notices(NoticeObserver observer);
    // Opens the connection now if it is not open, prepares everything, runs "SELECT 1".
    void ensure_connected();
    bool healthy();

    // Runs fn in a read-committed transaction; commits when fn returns. Retries the whole
    // function on serialization failures and deadlocks (up to `attempts`).
    template <typename Fn>
    auto write(Fn&& fn, int attempts = 5) -> decltype(fn(std::declval<pqxx::work&>()));
    // Serializable variant for check-then-insert logic.
    template <typename Fn>
    auto write_serializable(Fn&& fn, int attempts = 8)
        -> decltype(fn(std::declval<pqxx::transaction<pqxx::serializable>&>()));
    // Runs fn without BEGIN/COMMIT: one round trip per statement, for read-only pages.
    template <typename Fn>
    auto read(Fn&& fn) -> decltype(fn(std::declval<pqxx::nontransaction&>()));

private:
    pqxx::connection& conn();
    void lost();
    template <typename Tx, typename Fn>
    auto run(Fn&& fn, int attempts) -> decltype(fn(std::declval<Tx&>()));
    // Hands what was collected since the last call to the observer (never throws).
    void deliver_notices() noexcept;

    class NoticeCollector;  // a pqxx::errorhandler on conn_, destroyed before it
    std::string conninfo_;
    std::unique_ptr<pqxx::connection> conn_;
    std::unique_ptr<NoticeCollector> collector_;
    std::optional<NoticeObserver> observer_;
    std::vector<std::string> collected_;
};

inline pqxx::binarystring bytes(const std::string& raw) { return pqxx::binarystring(raw.data(), raw.size()); }
// Reads a bytea field into a std::string of raw bytes.
std::string bytes_of(const pqxx::field& f);

// Columns that may be NULL, as nullopt for NULL.
inline std::optional<std::string> optional_text(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<std::string>();
}
inline std::optional<std::string> optional_bytes(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return bytes_of(f);
}
inline std::optional<std::int64_t> optional_id(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<std::int64_t>();
}

template <typename Tx, typename Fn>
auto Database::run(Fn&& fn, int attempts) -> decltype(fn(std::declval<Tx&>())) {
    for (int attempt = 1;; ++attempt) {
        collected_.clear();
        try {
            Tx tx(conn());
            if constexpr (std::is_void_v<decltype(fn(tx))>) {
                fn(tx);
                tx.commit();
                deliver_notices();
                return;
            } else {
                auto result = fn(tx);
                tx.commit();
                deliver_notices();
                return result;
            }
        } catch (const pqxx::broken_connection& e) {
            lost();
            throw Unavailable(e.what());
        } catch (const pqxx::in_doubt_error& e) {
            deliver_notices();  // it may have committed: dropping cache entries is always safe
            lost();
            throw Unavailable(e.what());
        } catch (const pqxx::serialization_failure&) {
            if (attempt >= attempts) throw;
        } catch (const pqxx::deadlock_detected&) {
            if (attempt >= attempts) throw;
        }
    }
}

template <typename Fn>
auto Database::write(Fn&& fn, int attempts) -> decltype(fn(std::declval<pqxx::work&>())) {
    return run<pqxx::work>(std::forward<Fn>(fn), attempts);
}

template <typename Fn>
auto Database::write_serializable(Fn&& fn, int attempts)
    -> decltype(fn(std::declval<pqxx::transaction<pqxx::serializable>&>())) {
    return run<pqxx::transaction<pqxx::serializable>>(std::forward<Fn>(fn), attempts);
}

template <typename Fn>
auto Database::read(Fn&& fn) -> decltype(fn(std::declval<pqxx::nontransaction&>())) {
    // Each statement has committed by itself, whatever fn does afterwards.
    struct Deliver {
        Database& db;
        ~Deliver() { db.deliver_notices(); }
    } deliver{*this};
    collected_.clear();
    try {
        pqxx::nontransaction tx(conn());
        return fn(tx);
    } catch (const pqxx::broken_connection& e) {
        lost();
        throw Unavailable(e.what());
    }
}

}  // namespace zk::db
