// refusal.hpp: the one way to refuse a request for a reason the person can act on
// (a closed window, a field typed wrong, a state that forbids the step). Thrown — inside a
// write transaction it rolls everything back — and either caught by the handler, which
// shows its form again with each message next to its field, or left to App::handle, which
// answers with the status and the first message on the Chinese error page.
// Messages are Chinese and written for the reader; they never carry internal detail.
#pragma once
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace zk {

struct Refusal : std::runtime_error {
    struct Message {
        std::string field;  // the form field it belongs to; "" = the page as a whole
        std::string text;
    };

    Refusal(int status, std::string text) : Refusal(status, std::vector<Message>{{"", std::move(text)}}) {}
    Refusal(int status, std::vector<Message> messages)
        : std::runtime_error("refused"), status(status), messages(std::move(messages)) {}

    // The first message: what a page without fields shows.
    const std::string& first() const {
        static const std::string none;
        return messages.empty() ? none : messages.front().text;
    }

    int status;
    std::vector<Message> messages;  // in the order they are shown
    std::string retry_after;        // seconds, for 429/503 answers; "" = no header
};

}  // namespace zk
