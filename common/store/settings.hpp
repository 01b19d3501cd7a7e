// settings.hpp: what administrators set for the current batch (CTR-2, PAY-1): the windows
// of the five businesses of 快捷入口 (business_windows; no row = 未开放) and the 毕业申请
// fee (fees: a default for every major, major_id NULL, and overrides per major), with
// fee_for(), the one place that says what a major's examinees pay.
// Times go in as China time text normalised by common/domain/china_time and come out as
// China time text; amounts are integer 分.
// SECURITY: trusts its callers (the Access::Admin routes) to have checked the role and the
// values; codes and ids from requests are only ever parameters.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::settings {

struct Batch {
    int id = 0;
    std::string name;
};
// The current batch; nullopt when none is marked current.
std::optional<Batch> current_batch(pqxx::transaction_base& tx);

// One business with its window of the batch, as 个人中心 shows it.
struct Window {
    std::string code, title;
    bool has_window = false;  // a row exists (otherwise 未开放)
    bool always_open = false;
    std::string opens, closes;              // "YYYY-MM-DD HH:MI" China time ("" when undated)
    std::string opens_input, closes_input;  // "YYYY-MM-DDTHH:MI", for datetime-local fields
    bool open_now = false, not_started = false;
};
// Every business in display order.
std::vector<Window> windows(pqxx::transaction_base& tx, int batch_id);
// One business; nullopt when no business has this code. Locks the window's row when it
// exists, so two administrators changing it at once are applied one after the other.
std::optional<Window> lock_window(pqxx::transaction_base& tx, int batch_id, const std::string& code);
// 已开放（不限时间）.
void open_window(pqxx::transaction_base& tx, int batch_id, const std::string& code);
// 按时间段: `opens`/`closes` as china_time::parse_local gives them, closes after opens.
void set_window_dates(pqxx::transaction_base& tx, int batch_id, const std::string& code, const std::string& opens,
                      const std::string& closes);
// 未开放: the row goes.
void close_window(pqxx::transaction_base& tx, int batch_id, const std::string& code);

// A major as the fee form offers it: "institution major_code major_name".
struct MajorOption {
    int id = 0;
    std::string label;
};
std::vector<MajorOption> majors(pqxx::transaction_base& tx);
std::optional<MajorOption> major(pqxx::transaction_base& tx, int major_id);

struct Fee {
    std::optional<int> major_id;  // nullopt: the default for every major
    std::string major_label;      // "" for the default
    std::int64_t amount_fen = 0;
    std::string updated;          // "YYYY-MM-DD HH:MI" China time
};
// The default first, then the overrides by institution and major code.
std::vector<Fee> fees(pqxx::transaction_base& tx, int batch_id);
// The fee row's amount, locked for the change that follows; nullopt when there is none.
std::optional<std::int64_t> lock_default_fee(pqxx::transaction_base& tx, int batch_id);
std::optional<std::int64_t> lock_major_fee(pqxx::transaction_base& tx, int batch_id, int major_id);
void set_default_fee(pqxx::transaction_base& tx, int batch_id, std::int64_t amount_fen);
void set_major_fee(pqxx::transaction_base& tx, int batch_id, int major_id, std::int64_t amount_fen);
// Removes a major's override; its examinees pay the default again. False when there was none.
bool delete_major_fee(pqxx::transaction_base& tx, int batch_id, int major_id);

// PAY-1: what an examinee of `major_id` pays in `batch_id`, in 分: the major's override,
// else the batch's default, else nullopt (no fee set: payment cannot start).
std::optional<std::int64_t> fee_for(pqxx::transaction_base& tx, int batch_id, int major_id);

}  // namespace zk::store::settings
