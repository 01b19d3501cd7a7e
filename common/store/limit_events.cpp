// limit_events.cpp: see limit_events.hpp. Subjects are bytea (a blind index is raw bytes).
#include "common/store/limit_events.hpp"

#include "common/base/db.hpp"

namespace zk::store::limit_events {
const db::Statement kLock{"limit_events_lock", R"sql(
    SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || encode($2, 'hex'), 0))
)sql"};
void lock(pqxx::transaction_base& tx, const std::string& action, const std::string& subject) {
    kLock(tx, action, db::bytes(subject));
}

const db::Statement kCount{"limit_events_count", R"sql(
    SELECT count(*) FROM limit_events WHERE action = $1 AND subject = $2 AND at > now() - make_interval(hours => $3)
)sql"};
long count(pqxx::transaction_base& tx, const std::string& action, const std::string& subject, int hours) {
    return kCount(tx, action, db::bytes(subject), hours)[0][0].as<long>();
}

const db::Statement kRecord{"limit_events_record", "INSERT INTO limit_events (action, subject) VALUES ($1, $2)"};
void record(pqxx::transaction_base& tx, const std::string& action, const std::string& subject) {
    kRecord(tx, action, db::bytes(subject));
}

}  // namespace zk::store::limit_events
