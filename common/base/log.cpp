// log.cpp: writes each record with a single write(2) so lines from worker threads never
// interleave.
#include "common/base/log.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "common/base/json.hpp"

namespace zk::log {
namespace {
std::string g_module = "zikao";

void emit(const char* level, std::string_view event, std::initializer_list<Field> fields) {
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char ts[64];
    std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    std::string line = "{\"ts\":\"";
    line += ts;
    line += "\",\"level\":\"";
    line += level;
    line += "\",\"module\":\"";
    json::escape_into(line, g_module);
    line += "\",\"event\":\"";
    json::escape_into(line, event);
    line += '"';
    for (const auto& [k, v] : fields) {
        line += ",\"";
        json::escape_into(line, k);
        line += "\":\"";
        json::escape_into(line, scrub(v));
        line += '"';
    }
    line += "}\n";
    ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
}
}  // namespace

void set_module(std::string name) { g_module = std::move(name); }
void info(std::string_view e, std::initializer_list<Field> f) { emit("info", e, f); }
void warn(std::string_view e, std::initializer_list<Field> f) { emit("warn", e, f); }
void error(std::string_view e, std::initializer_list<Field> f) { emit("error", e, f); }

std::string scrub(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    size_t i = 0;
    while (i < value.size()) {
        size_t j = i;
        while (j < value.size() && ((value[j] >= '0' && value[j] <= '9') || value[j] == 'X' || value[j] == 'x'))
            ++j;
        size_t run = j - i;
        if (run >= 11) {
            out.append(value.substr(i, 3));
            out.append(run - 5, '*');
            out.append(value.substr(j - 2, 2));
        } else {
            out.append(value.substr(i, run));
        }
        if (j < value.size()) out += value[j];
        i = j + 1;
    }
    return out;
}

}  // namespace zk::log
