// log.hpp: structured logs, one JSON object per line on stderr (the journal under
// systemd). SECURITY: callers pass event names and fields, never free text from users;
// as a second line of defence every value is scrubbed so a run of 11 or more digits
// (an ID number, possibly ending in X; a mobile number) is masked before it is written.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace zk::log {

using Field = std::pair<std::string_view, std::string>;

void set_module(std::string name);
void info(std::string_view event, std::initializer_list<Field> fields = {});
void warn(std::string_view event, std::initializer_list<Field> fields = {});
void error(std::string_view event, std::initializer_list<Field> fields = {});

// Masks digit runs of length >= 11 (ID numbers, phones): keeps the first 3 and last 2.
std::string scrub(std::string_view value);

}  // namespace zk::log
