// import_examinees.cpp: `zikao-ctl import examinees` (name,id_number,ticket_no,
// county_code,phone): 在籍考生 from the exam system, unverified until they confirm their
// identity. An examinee already registered (same 身份证号 and 姓名) keeps the record and
// only gets a missing 准考证号 filled in.
// SECURITY: trusts nothing in the rows; see import_check.hpp. 身份证号 and 手机号 are
// encrypted with the configured keys and appear in messages only masked.
#include <set>

#include "common/domain/validate.hpp"
#include "common/store/import_examinees.hpp"
#include "modules/ctl/import_check.hpp"

namespace zk::ctl::import {

void import_examinees(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher, const std::vector<Row>& rows,
                      Checker& ck, ImportReport& rep) {
    namespace table = store::import_examinees;
    const auto county_codes = table::county_codes(tx);
    const std::set<std::string> counties(county_codes.begin(), county_codes.end());
    struct Person {
        std::string name, id_number, ticket, county, phone;
        char gender;
        Change change = Change::Added;  // Changed: only the missing ticket is filled in
        long existing_id = 0;
    };
    std::vector<Person> items;
    std::map<std::string, int> seen_id, seen_ticket;
    for (const auto& row : rows) {
        const auto& f = row.f;
        const int line = row.line;
        bool ok = check_name(ck, line, "姓名", f[0], 50);
        auto id = validate::check_id_number(f[1]);
        if (!id.info) {
            ck.bad(line, "身份证号无效：" + id.error);
            ok = false;
        }
        if (!validate::is_ticket_number(f[2])) {
            ck.bad(line, "准考证号 '" + f[2] + "' 应为12位数字");
            ok = false;
        }
        if (!counties.count(f[3])) {
            ck.bad(line, "区县代码 " + (f[3].empty() ? std::string("（空）") : f[3]) + " 不存在");
            ok = false;
        }
        if (!f[4].empty() && !validate::is_mobile_phone(f[4])) {
            ck.bad(line, "手机号无效：应为11位手机号码");
            ok = false;
        }
        if (!ok) continue;
        const std::string& idn = id.info->normalized;
        const std::string masked = validate::mask_id_number(idn);
        if (!ck.first(seen_id, idn, line, "身份证号 " + masked)) continue;
        if (!ck.first(seen_ticket, f[2], line, "准考证号 " + f[2])) continue;

        Person p{f[0], idn, f[2], f[3], f[4], id.info->gender};
        const auto by_id = table::find_by_id_index(tx, cipher.blind_index(idn, "id_number"));
        const auto by_ticket = table::find_by_ticket(tx, f[2]);
        if (by_id) {
            const long existing = by_id->id;
            const std::string& name = by_id->name;
            const std::string& ticket = by_id->ticket_no;
            if (name != f[0]) {
                ck.bad(line, "身份证号 " + masked + " 已属于考生" + name + "，与文件中的姓名" + f[0] + "不符");
                continue;
            }
            if (!ticket.empty() && ticket != f[2]) {
                ck.bad(line, "身份证号 " + masked + " 已有准考证号 " + ticket + "，与文件中的 " + f[2] + " 不符");
                continue;
            }
            if (by_ticket && by_ticket->id != existing) {
                ck.bad(line, "准考证号 " + f[2] + " 已属于另一名考生");
                continue;
            }
            // Same person and ticket: the record stays as it is (the examinee may have changed
            // phone or county here since). No ticket yet: a 新考生 who registered before the
            // exam system gave one.
            p.change = ticket == f[2] ? Change::Unchanged : Change::Changed;
            p.existing_id = existing;
        } else if (by_ticket) {
            ck.bad(line, "准考证号 " + f[2] + " 已属于另一名考生");
            continue;
        }
        items.push_back(p);
    }
    if (!ck.ok()) return;
    for (const auto& p : items) {
        if (p.change == Change::Unchanged) {
            count(rep, Change::Unchanged);
        } else if (p.change == Change::Changed) {
            table::set_missing_ticket(tx, p.existing_id, p.ticket);
            count(rep, Change::Changed);
        } else {
            table::NewExaminee e{p.name,
                                 cipher.encrypt(p.id_number, "id_number"),
                                 cipher.blind_index(p.id_number, "id_number"),
                                 p.ticket,
                                 std::string(1, p.gender),
                                 p.county,
                                 "",
                                 ""};
            if (!p.phone.empty()) {
                e.phone_enc = cipher.encrypt(p.phone, "phone");
                e.phone_index = cipher.blind_index(p.phone, "phone");
            }
            table::insert(tx, e);
            count(rep, Change::Added);
        }
    }
}

}  // namespace zk::ctl::import
