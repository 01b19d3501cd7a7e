// export.hpp: `zikao-ctl export KIND …` (LEG-2): the files the exam authority takes out of
// the system, as UTF-8 CSV (no BOM) with a header line.
//   export applications [--status STATUS] [--county CODE] OUT.csv
//       applications of the current batch, one row per 申请院校/专业 (drafts only with
//       --status draft)
//   export graduates OUTDIR
//       approved graduates of the current batch for 学历电子注册: OUTDIR/graduates.csv and
//       OUTDIR/photos/<身份证号>.jpg (the latest 'graduation' photo of each graduate)
//   export payments OUT.csv
//       every paid order, for the finance office
// Each first says which database it reads ("数据库：host=… dbname=…"); messages are in Chinese.
// SECURITY: the output holds full 身份证号 (the authority needs them), so files are created
// 0600 and directories 0700, never over an existing file (O_EXCL, no symlink followed);
// the caller chooses where they go and must move them only over protected channels. SQL
// carries values only as parameters; reads run in one read-only repeatable-read snapshot.
#pragma once
#include <string>
#include <vector>

#include "common/base/config.hpp"

namespace zk::ctl {

// args: everything after "export" (KIND, options, destination). Exit status 0 on success,
// 1 on an error (message on stderr, partial output removed), 2 on bad usage.
int export_command(const Config& config, const std::vector<std::string>& args);

// True when `args` asks for something that needs no configuration or database (an
// unknown or missing kind): export_without_config then answers it.
bool export_needs_no_config(const std::vector<std::string>& args);
int export_without_config(const std::vector<std::string>& args);

}  // namespace zk::ctl
