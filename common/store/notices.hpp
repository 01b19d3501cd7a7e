// notices.hpp: 通知公告 (CTR-3). Administrators write, edit and withdraw notices; the public
// sees a notice from its publish time on until it is withdrawn. Times go in as China time
// text normalised by common/domain/china_time ("" = now) and come out as China time text.
// SECURITY: the public functions decide visibility in SQL against now(), so a future or
// withdrawn notice is as absent as a missing one. Titles and bodies are stored as typed
// (plain text) and escaped by the templates.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::notices {

struct Notice {
    std::int64_t id = 0;
    std::string title;
    std::string body;             // "" in lists
    std::string published;        // "YYYY-MM-DD HH:MI" China time
    std::string published_date;   // "YYYY-MM-DD"
    std::string published_input;  // "YYYY-MM-DDTHH:MI", for a datetime-local field
    bool withdrawn = false;
    bool pending = false;         // published_at still in the future
};

// Administrators: every notice, newest publish time first (at most `limit`).
std::vector<Notice> all(pqxx::transaction_base& tx, int limit);
// Administrators: one notice whatever its state.
std::optional<Notice> find(pqxx::transaction_base& tx, std::int64_t id);
// The same, locked for the change that follows.
std::optional<Notice> lock(pqxx::transaction_base& tx, std::int64_t id);
std::int64_t insert(pqxx::transaction_base& tx, const std::string& title, const std::string& body,
                    const std::string& published, std::int64_t staff_id);
void update(pqxx::transaction_base& tx, std::int64_t id, const std::string& title, const std::string& body,
            const std::string& published);
void withdraw(pqxx::transaction_base& tx, std::int64_t id);

// The public: published and not withdrawn, newest first (at most `limit`).
std::vector<Notice> published(pqxx::transaction_base& tx, int limit);
// The public: one notice, only while it is published and not withdrawn.
std::optional<Notice> find_published(pqxx::transaction_base& tx, std::int64_t id);

}  // namespace zk::store::notices
