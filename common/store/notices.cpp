// notices.cpp: see notices.hpp.
#include "common/store/notices.hpp"

#include "common/base/db.hpp"

namespace zk::store::notices {

namespace {
// `body_column` is "body" for one notice and "''" for lists (a list never shows bodies of
// up to 20000 characters).
std::string columns(const std::string& body_column) {
    return "SELECT id, title, " + body_column + R"sql( AS body,
           to_char(published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS published,
           to_char(published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS published_date,
           to_char(published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI') AS published_input,
           withdrawn_at IS NOT NULL AS withdrawn, published_at > now() AS pending
    FROM notices )sql";
}
const std::string kVisible = " withdrawn_at IS NULL AND published_at <= now() ";

Notice notice_of(const pqxx::row& r) {
    Notice n;
    n.id = r["id"].as<std::int64_t>();
    n.title = db::text(r["title"]);
    n.body = db::text(r["body"]);
    n.published = db::text(r["published"]);
    n.published_date = db::text(r["published_date"]);
    n.published_input = db::text(r["published_input"]);
    n.withdrawn = r["withdrawn"].as<bool>();
    n.pending = r["pending"].as<bool>();
    return n;
}

std::vector<Notice> notices_of(const pqxx::result& result) {
    std::vector<Notice> out;
    for (const auto& r : result) out.push_back(notice_of(r));
    return out;
}

std::optional<Notice> one(const pqxx::result& result) {
    if (result.empty()) return std::nullopt;
    return notice_of(result[0]);
}

// "" means now; anything else is China time as common/domain/china_time normalises it.
const std::string kPublishedParam = "COALESCE(NULLIF($3::text, '')::timestamp AT TIME ZONE 'Asia/Shanghai', now())";
}  // namespace

const db::Statement kAll{"notices_all", columns("''") + "ORDER BY published_at DESC, id DESC LIMIT $1"};
std::vector<Notice> all(pqxx::transaction_base& tx, int limit) { return notices_of(kAll(tx, limit)); }

const db::Statement kFind{"notices_find", columns("body") + "WHERE id = $1"};
std::optional<Notice> find(pqxx::transaction_base& tx, std::int64_t id) { return one(kFind(tx, id)); }

const db::Statement kLock{"notices_lock", columns("body") + "WHERE id = $1 FOR UPDATE"};
std::optional<Notice> lock(pqxx::transaction_base& tx, std::int64_t id) { return one(kLock(tx, id)); }

const db::Statement kInsert{"notices_insert",
    "INSERT INTO notices (title, body, published_at, created_by) VALUES ($1, $2, " + kPublishedParam +
        ", $4) RETURNING id"};
std::int64_t insert(pqxx::transaction_base& tx, const std::string& title, const std::string& body,
                    const std::string& published, std::int64_t staff_id) {
    return kInsert(tx, title, body, published, staff_id)[0][0].as<std::int64_t>();
}

const db::Statement kUpdate{"notices_update",
    "UPDATE notices SET title = $1, body = $2, published_at = " + kPublishedParam +
        ", updated_at = now() WHERE id = $4"};
void update(pqxx::transaction_base& tx, std::int64_t id, const std::string& title, const std::string& body,
            const std::string& published) {
    kUpdate(tx, title, body, published, id);
}

const db::Statement kWithdraw{"notices_withdraw",
    "UPDATE notices SET withdrawn_at = now(), updated_at = now() WHERE id = $1 AND withdrawn_at IS NULL"};
void withdraw(pqxx::transaction_base& tx, std::int64_t id) { kWithdraw(tx, id); }

const db::Statement kPublished{"notices_published",
    columns("''") + "WHERE" + kVisible + "ORDER BY published_at DESC, id DESC LIMIT $1"};
std::vector<Notice> published(pqxx::transaction_base& tx, int limit) { return notices_of(kPublished(tx, limit)); }

const db::Statement kFindPublished{"notices_find_published", columns("body") + "WHERE id = $1 AND" + kVisible};
std::optional<Notice> find_published(pqxx::transaction_base& tx, std::int64_t id) {
    return one(kFindPublished(tx, id));
}

}  // namespace zk::store::notices
