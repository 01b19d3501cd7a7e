// settings.cpp: see settings.hpp.
#include "common/store/settings.hpp"

#include "common/base/db.hpp"

namespace zk::store::settings {

namespace {
// Window columns of `b` (businesses) and `w` (its business_windows row, if any).
const std::string kWindowColumns = R"sql(
    SELECT b.code, b.title, w.always_open,
           to_char(w.opens_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS opens,
           to_char(w.closes_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS closes,
           to_char(w.opens_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI') AS opens_input,
           to_char(w.closes_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI') AS closes_input,
           COALESCE(w.always_open OR now() BETWEEN w.opens_at AND w.closes_at, false) AS open_now,
           COALESCE(now() < w.opens_at, false) AS not_started
)sql";

Window window_of(const pqxx::row& r) {
    Window w;
    w.code = db::text(r["code"]);
    w.title = db::text(r["title"]);
    w.has_window = !r["always_open"].is_null();
    w.always_open = w.has_window && r["always_open"].as<bool>();
    w.opens = db::text(r["opens"]);
    w.closes = db::text(r["closes"]);
    w.opens_input = db::text(r["opens_input"]);
    w.closes_input = db::text(r["closes_input"]);
    w.open_now = r["open_now"].as<bool>();
    w.not_started = r["not_started"].as<bool>();
    return w;
}

std::optional<std::int64_t> amount_of(const pqxx::result& r) {
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::int64_t>();
}

std::optional<MajorOption> option_of(const pqxx::result& r) {
    if (r.empty()) return std::nullopt;
    return MajorOption{r[0]["id"].as<int>(), db::text(r[0]["label"])};
}

const std::string kMajorLabel = "i.name || ' ' || m.code || ' ' || m.name";
}  // namespace

const db::Statement kCurrentBatch{"settings_current_batch", "SELECT id, name FROM batches WHERE is_current"};
std::optional<Batch> current_batch(pqxx::transaction_base& tx) {
    const auto r = kCurrentBatch(tx);
    if (r.empty()) return std::nullopt;
    return Batch{r[0]["id"].as<int>(), db::text(r[0]["name"])};
}

const db::Statement kWindows{"settings_windows", kWindowColumns + R"sql(
    FROM businesses b LEFT JOIN business_windows w ON w.business_code = b.code AND w.batch_id = $1
    ORDER BY b.sort_order
)sql"};
std::vector<Window> windows(pqxx::transaction_base& tx, int batch_id) {
    std::vector<Window> out;
    for (const auto& r : kWindows(tx, batch_id)) out.push_back(window_of(r));
    return out;
}

// The window row is locked first (when it exists); an absent row cannot be locked, and two
// concurrent first openings are settled by the upserts' ON CONFLICT.
const db::Statement kLockWindowRow{"settings_lock_window_row", R"sql(
    SELECT 1 FROM business_windows WHERE batch_id = $1 AND business_code = $2 FOR UPDATE
)sql"};
const db::Statement kWindow{"settings_window", kWindowColumns + R"sql(
    FROM businesses b LEFT JOIN business_windows w ON w.business_code = b.code AND w.batch_id = $1
    WHERE b.code = $2
)sql"};
std::optional<Window> lock_window(pqxx::transaction_base& tx, int batch_id, const std::string& code) {
    kLockWindowRow(tx, batch_id, code);
    const auto r = kWindow(tx, batch_id, code);
    if (r.empty()) return std::nullopt;
    return window_of(r[0]);
}

const db::Statement kOpenWindow{"settings_open_window", R"sql(
    INSERT INTO business_windows (batch_id, business_code, opens_at, closes_at, always_open)
    VALUES ($1, $2, NULL, NULL, true)
    ON CONFLICT (batch_id, business_code) DO UPDATE SET opens_at = NULL, closes_at = NULL, always_open = true
)sql"};
void open_window(pqxx::transaction_base& tx, int batch_id, const std::string& code) { kOpenWindow(tx, batch_id, code); }

const db::Statement kDatedWindow{"settings_dated_window", R"sql(
    INSERT INTO business_windows (batch_id, business_code, opens_at, closes_at, always_open)
    VALUES ($1, $2, $3::timestamp AT TIME ZONE 'Asia/Shanghai', $4::timestamp AT TIME ZONE 'Asia/Shanghai', false)
    ON CONFLICT (batch_id, business_code)
    DO UPDATE SET opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at, always_open = false
)sql"};
void set_window_dates(pqxx::transaction_base& tx, int batch_id, const std::string& code, const std::string& opens,
                      const std::string& closes) {
    kDatedWindow(tx, batch_id, code, opens, closes);
}

const db::Statement kCloseWindow{"settings_close_window",
    "DELETE FROM business_windows WHERE batch_id = $1 AND business_code = $2"};
void close_window(pqxx::transaction_base& tx, int batch_id, const std::string& code) { kCloseWindow(tx, batch_id, code); }

const db::Statement kMajors{"settings_majors", "SELECT m.id, " + kMajorLabel + R"sql( AS label
    FROM majors m JOIN institutions i ON i.code = m.institution_code
    ORDER BY i.sort_order, i.code, m.code
)sql"};
std::vector<MajorOption> majors(pqxx::transaction_base& tx) {
    std::vector<MajorOption> out;
    for (const auto& r : kMajors(tx)) out.push_back({r["id"].as<int>(), db::text(r["label"])});
    return out;
}

const db::Statement kMajor{"settings_major", "SELECT m.id, " + kMajorLabel + R"sql( AS label
    FROM majors m JOIN institutions i ON i.code = m.institution_code WHERE m.id = $1
)sql"};
std::optional<MajorOption> major(pqxx::transaction_base& tx, int major_id) { return option_of(kMajor(tx, major_id)); }

const db::Statement kFees{"settings_fees", "SELECT f.major_id, f.amount_fen, COALESCE(" + kMajorLabel + R"sql(, '') AS label,
           to_char(f.updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS updated
    FROM fees f LEFT JOIN majors m ON m.id = f.major_id LEFT JOIN institutions i ON i.code = m.institution_code
    WHERE f.batch_id = $1
    ORDER BY f.major_id IS NOT NULL, i.sort_order, i.code, m.code
)sql"};
std::vector<Fee> fees(pqxx::transaction_base& tx, int batch_id) {
    std::vector<Fee> out;
    for (const auto& r : kFees(tx, batch_id)) {
        Fee f;
        if (!r["major_id"].is_null()) f.major_id = r["major_id"].as<int>();
        f.major_label = db::text(r["label"]);
        f.amount_fen = r["amount_fen"].as<std::int64_t>();
        f.updated = db::text(r["updated"]);
        out.push_back(std::move(f));
    }
    return out;
}

const db::Statement kLockDefaultFee{"settings_lock_default_fee",
    "SELECT amount_fen FROM fees WHERE batch_id = $1 AND major_id IS NULL FOR UPDATE"};
std::optional<std::int64_t> lock_default_fee(pqxx::transaction_base& tx, int batch_id) {
    return amount_of(kLockDefaultFee(tx, batch_id));
}

const db::Statement kLockMajorFee{"settings_lock_major_fee",
    "SELECT amount_fen FROM fees WHERE batch_id = $1 AND major_id = $2 FOR UPDATE"};
std::optional<std::int64_t> lock_major_fee(pqxx::transaction_base& tx, int batch_id, int major_id) {
    return amount_of(kLockMajorFee(tx, batch_id, major_id));
}

const db::Statement kSetDefaultFee{"settings_set_default_fee", R"sql(
    INSERT INTO fees (batch_id, major_id, amount_fen) VALUES ($1, NULL, $2)
    ON CONFLICT (batch_id) WHERE major_id IS NULL DO UPDATE SET amount_fen = EXCLUDED.amount_fen, updated_at = now()
)sql"};
void set_default_fee(pqxx::transaction_base& tx, int batch_id, std::int64_t amount_fen) {
    kSetDefaultFee(tx, batch_id, amount_fen);
}

const db::Statement kSetMajorFee{"settings_set_major_fee", R"sql(
    INSERT INTO fees (batch_id, major_id, amount_fen) VALUES ($1, $2, $3)
    ON CONFLICT (batch_id, major_id) WHERE major_id IS NOT NULL
    DO UPDATE SET amount_fen = EXCLUDED.amount_fen, updated_at = now()
)sql"};
void set_major_fee(pqxx::transaction_base& tx, int batch_id, int major_id, std::int64_t amount_fen) {
    kSetMajorFee(tx, batch_id, major_id, amount_fen);
}

const db::Statement kDeleteMajorFee{"settings_delete_major_fee",
    "DELETE FROM fees WHERE batch_id = $1 AND major_id = $2 RETURNING amount_fen"};
bool delete_major_fee(pqxx::transaction_base& tx, int batch_id, int major_id) {
    return !kDeleteMajorFee(tx, batch_id, major_id).empty();
}

const db::Statement kFeeFor{"settings_fee_for", R"sql(
    SELECT amount_fen FROM fees WHERE batch_id = $1 AND (major_id = $2 OR major_id IS NULL)
    ORDER BY major_id IS NULL LIMIT 1
)sql"};
std::optional<std::int64_t> fee_for(pqxx::transaction_base& tx, int batch_id, int major_id) {
    return amount_of(kFeeFor(tx, batch_id, major_id));
}

}  // namespace zk::store::settings
