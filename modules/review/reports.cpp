// reports.cpp: 统计报表 (REV-4): the count of a batch's applications by 毕业申请区县 and
// 审批进度 within the staff member's scope, and the download of those applications as a CSV
// file that Excel opens (UTF-8 with BOM, CRLF, RFC 4180). Every download is written to the
// staff audit log with its filters and row count.
// What is counted: submitted applications only (a draft is not yet an application to any
// office), one per application row: an examinee who re-applied after 预审未通过 (APP-7)
// counts once under 预审未通过 and once under the second attempt's status; the page shows
// how many of the rows are second attempts and how many distinct examinees they are.
// SECURITY: counts and rows come from common/store/reports, whose statements carry the
// scope over the application's county; filters are checked against the known batches,
// statuses and counties before they reach a statement (anything else: 400). 身份证号 are
// decrypted in memory only to be masked; cells a spreadsheet would evaluate are
// neutralized; the audit log gets filters and a count, no personal data.
#include <map>
#include <set>

#include "common/base/csv.hpp"
#include "common/base/json.hpp"
#include "common/base/log.hpp"
#include "common/domain/application_record.hpp"
#include "common/domain/staff_audit.hpp"
#include "common/domain/validate.hpp"
#include "common/store/exports.hpp"
#include "common/store/reports.hpp"
#include "common/store/review_queue.hpp"
#include "modules/review/review.hpp"
#include "modules/review/scope.hpp"
#include "modules/review/shared.hpp"

namespace zk::review {

namespace {

namespace reports = store::reports;

// The batch asked for with ?batch=ID; without one, the current batch (the newest when
// none is marked current). An id that is not a batch is refused rather than ignored, so a
// stale bookmark never shows another batch's figures under its name.
const reports::Batch& chosen_batch(const Context& ctx, const std::vector<reports::Batch>& all) {
    if (all.empty()) throw Refusal(400, "尚未设置任何批次，暂无统计数据。");
    const std::string asked = ctx.req.query_params.value("batch");
    if (asked.empty()) {
        for (const auto& b : all)
            if (b.current) return b;
        return all.front();
    }
    for (const auto& b : all)
        if (std::to_string(b.id) == asked) return b;
    throw Refusal(400, "所选批次不存在，请从统计报表页面重新选择。");
}

// The statuses a report or download may ask for: every status after submission.
bool reportable_status(const std::string& code) {
    if (code == "draft") return false;
    for (const auto& s : application_record::status_codes())
        if (s == code) return true;
    return false;
}

std::string area_text(const store::review_queue::AreaNames& names, const std::string& role) {
    if (role == "county" && !names.county_name.empty()) return names.county_name;
    if (role == "city" && !names.city_name.empty()) return names.city_name + "各县区";
    if (role == "province" || role == "admin") return "全省";
    return "无";
}

std::string csv_href(int batch, const std::string& county) {
    std::string href = "/admin/reports/applications.csv?batch=" + std::to_string(batch);
    if (!county.empty()) href += "&county=" + county;
    return href;
}

void set_counts(ctemplate::TemplateDictionary& dict, const reports::Count& total) {
    dict.SetValue("TOTAL", std::to_string(total.applications));
    dict.SetValue("REAPPLIED", std::to_string(total.reapplications));
    dict.SetValue("EXAMINEES", std::to_string(total.examinees));
}

// One table cell per status column: the count, or 0 where the county has none.
void add_cells(ctemplate::TemplateDictionary& row, const std::vector<std::string>& columns,
               const std::map<std::string, std::int64_t>& by_status) {
    for (const auto& code : columns) {
        auto* cell = row.AddSectionDictionary("CELL");
        const auto it = by_status.find(code);
        cell->SetValue("N", std::to_string(it == by_status.end() ? 0 : it->second));
        cell->SetValue("LABEL", application_record::status_text(code));
    }
}

}  // namespace

void show_reports(Context& ctx) {
    const auto& sc = scope_of(*ctx.session);
    const auto all = ctx.db.read([&](pqxx::nontransaction& tx) { return reports::batches(tx); });
    const auto& batch = chosen_batch(ctx, all);
    const auto [counts, names] = ctx.db.read([&](pqxx::nontransaction& tx) {
        return std::make_pair(reports::counts(tx, batch.id, sc), store::review_queue::area_names(tx, sc));
    });

    // Status columns: only those that occur, in the order an application goes through them.
    std::set<std::string> seen;
    for (const auto& c : counts)
        if (!c.county_total && !c.grand_total) seen.insert(c.status);
    std::vector<std::string> columns;
    for (const auto& code : application_record::status_codes())
        if (seen.count(code)) columns.push_back(code);

    ctemplate::TemplateDictionary dict("review_reports");
    dict.SetValue("AREA", area_text(names, sc.role));
    dict.SetValue("BATCH_NAME", batch.name);
    dict.SetValue("BATCH_ID", std::to_string(batch.id));
    for (const auto& b : all) {
        auto* option = dict.AddSectionDictionary("BATCH");
        option->SetValue("ID", std::to_string(b.id));
        option->SetValue("NAME", b.name);
        if (b.current) option->ShowSection("CURRENT");
        if (b.id == batch.id) option->ShowSection("SELECTED");
    }
    for (const auto& code : application_record::status_codes()) {
        if (!reportable_status(code)) continue;
        auto* option = dict.AddSectionDictionary("STATUS_OPTION");
        option->SetValue("CODE", code);
        option->SetValue("LABEL", application_record::status_text(code));
    }

    std::map<std::string, std::int64_t> by_status, all_by_status;
    ctemplate::TemplateDictionary* table = nullptr;
    for (const auto& c : counts) {
        if (c.grand_total) {
            if (!table) break;  // nothing in scope: the grand total is all zeros
            auto* foot = table->AddSectionDictionary("FOOT");
            add_cells(*foot, columns, all_by_status);
            set_counts(*foot, c);
        } else if (c.county_total) {
            if (!table) {
                table = dict.AddSectionDictionary("HAS_TABLE");
                for (const auto& code : columns)
                    table->SetValueAndShowSection("LABEL", application_record::status_text(code), "STATUS_HEAD");
            }
            auto* row = table->AddSectionDictionary("ROW");
            row->SetValue("CITY", c.city_name);
            row->SetValue("COUNTY", c.county_name);
            row->SetValue("CSV_HREF", csv_href(batch.id, c.county_code));
            add_cells(*row, columns, by_status);
            set_counts(*row, c);
            by_status.clear();
            auto* option = dict.AddSectionDictionary("COUNTY_OPTION");
            option->SetValue("CODE", c.county_code);
            option->SetValue("LABEL", c.city_name + c.county_name);
        } else {
            by_status[c.status] = c.applications;
            all_by_status[c.status] += c.applications;
        }
    }
    if (!table) dict.ShowSection("EMPTY");
    staff_page(ctx, 200, "统计报表", "review/reports.tpl", dict, "/admin/reports");
}

void serve_applications_csv(Context& ctx) {
    const auto& sc = scope_of(*ctx.session);
    const std::string status = ctx.req.query_params.value("status");
    const std::string county = ctx.req.query_params.value("county");
    if (!status.empty() && !reportable_status(status)) throw Refusal(400, "审批进度筛选条件无效，请从统计报表页面重新选择。");
    const bool county_shape = county.size() == 6 && county.find_first_not_of("0123456789") == std::string::npos;
    if (!county.empty() && !county_shape) throw Refusal(400, "区县筛选条件无效，请从统计报表页面重新选择。");

    const std::int64_t staff_id = ctx.session->subject_id;
    std::string batch_name;
    int batch_id = 0;
    const auto rows = ctx.db.write([&](pqxx::work& tx) {
        const auto all = reports::batches(tx);
        const auto& batch = chosen_batch(ctx, all);
        batch_name = batch.name;
        batch_id = batch.id;
        if (!county.empty() && !store::exports::county_exists(tx, county))
            throw Refusal(400, "区县筛选条件无效，请从统计报表页面重新选择。");
        auto found = reports::applications(tx, batch.id, status, county, sc);
        const std::string filters = "{\"batch\":" + std::to_string(batch.id) + ",\"status\":" + json::quote(status) +
                                    ",\"county\":" + json::quote(county) +
                                    ",\"rows\":" + std::to_string(found.size()) + "}";
        staff_audit::record(tx, staff_id, "report.export", "report:applications", "", filters);
        return found;
    });

    std::string body(csv::kUtf8Bom);
    body += csv::line({"准考证号", "姓名", "身份证号", "毕业申请区县", "第几次申请", "申请院校", "申请专业", "审批进度", "提交时间"});
    for (const auto& r : rows) {
        body += csv::line({r.ticket_no, r.name,
                           masked(ctx.app, r.id_number_enc, "id_number", validate::mask_id_number, r.examinee_id),
                           r.county_name, "第" + std::to_string(r.attempt) + "次", r.institutions, r.majors,
                           application_record::status_text(r.status), r.submitted},
                          csv::Formulas::Neutralize);
    }
    log::info("review.report.export", {{"staff", std::to_string(staff_id)}, {"rows", std::to_string(rows.size())}});

    std::string ascii = "applications-batch" + std::to_string(batch_id);
    std::string utf8 = "毕业申请名单-" + batch_name;
    if (!county.empty()) {
        ascii += "-" + county;
        utf8 += "-" + county;
    }
    if (!status.empty()) {
        ascii += "-" + status;
        utf8 += "-" + application_record::status_text(status);
    }
    ctx.res.status = 200;
    ctx.res.set_header("Content-Type", "text/csv; charset=utf-8");
    ctx.res.set_header("Content-Disposition", csv::attachment(ascii + ".csv", utf8 + ".csv"));
    ctx.res.set_header("Cache-Control", "private, no-store");
    ctx.res.body = std::move(body);
}

}  // namespace zk::review
