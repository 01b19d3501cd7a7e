// session_cache.cpp: see session_cache.hpp.
#include "common/web/session_cache.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "common/base/crypto.hpp"

namespace zk::session {

std::string session_key(const std::string& id_hash) { return "s:" + crypto::to_hex(id_hash); }

std::string subject_key(Kind kind, std::int64_t subject_id) {
    return (kind == Kind::Staff ? "t:" : "e:") + std::to_string(subject_id);
}

// ---- Cache ----

Cache::Cache(std::size_t capacity) : capacity_(capacity) {}

double Cache::seconds(Clock::time_point t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

std::optional<Session> Cache::find(const std::string& id_hash, const Settings& settings, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(id_hash);
    if (!active_ || it == entries_.end()) {
        ++counts_.misses;
        return std::nullopt;
    }
    Entry& e = it->second;
    Times t = e.session.times;
    t.now = seconds(now) + e.clock_offset;
    if (liveness(t, settings) != Liveness::Alive) {
        // Expired for good, or idle as far as this process knows (another host may have
        // seen activity): either way the database decides.
        drop_locked(id_hash);
        ++counts_.misses;
        return std::nullopt;
    }
    recency_.splice(recency_.begin(), recency_, e.recency);
    ++counts_.hits;
    Session s = e.session;
    s.times = t;
    s.touch_due = touch_due(t);
    return s;
}

std::uint64_t Cache::ticket() const { return generation_.load(std::memory_order_acquire); }

void Cache::store(const Session& s, Clock::time_point now, std::uint64_t ticket) {
    if (capacity_ == 0) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (!active_ || generation_.load(std::memory_order_relaxed) != ticket) return;
    drop_locked(s.id_hash);
    while (entries_.size() >= capacity_ && !recency_.empty()) drop_locked(recency_.back());
    recency_.push_front(s.id_hash);
    Entry e{s, s.times.now - seconds(now), recency_.begin()};
    e.session.touch_due = false;
    entries_.emplace(s.id_hash, std::move(e));
    subjects_.emplace(subject_key(s.kind, s.subject_id), s.id_hash);
}

void Cache::touched(const std::string& id_hash, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(id_hash);
    if (it != entries_.end()) it->second.session.times.last_seen = seconds(now) + it->second.clock_offset;
}

void Cache::invalidate(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    generation_.fetch_add(1, std::memory_order_acq_rel);
    ++counts_.invalidations;
    if (key.size() == 66 && key.compare(0, 2, "s:") == 0 && crypto::is_token_hex(std::string_view(key).substr(2))) {
        return drop_locked(crypto::from_hex(std::string_view(key).substr(2)));
    } else if (key.size() > 2 && (key[0] == 'e' || key[0] == 't') && key[1] == ':' &&
               key.find_first_not_of("0123456789", 2) == std::string::npos) {
        auto range = subjects_.equal_range(key);
        std::vector<std::string> hashes;
        for (auto it = range.first; it != range.second; ++it) hashes.push_back(it->second);
        for (const std::string& h : hashes) drop_locked(h);
        return;
    }
    clear_locked();  // "*", or a key this build does not know: drop everything
}

void Cache::suspend() {
    std::lock_guard<std::mutex> lock(mutex_);
    generation_.fetch_add(1, std::memory_order_acq_rel);
    active_ = false;
    clear_locked();
}

void Cache::resume() {
    std::lock_guard<std::mutex> lock(mutex_);
    generation_.fetch_add(1, std::memory_order_acq_rel);
    clear_locked();
    active_ = capacity_ > 0;
}

bool Cache::active() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return active_;
}

std::size_t Cache::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
}

Cache::Counts Cache::counts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return counts_;
}

void Cache::drop_locked(const std::string& id_hash) {
    auto it = entries_.find(id_hash);
    if (it == entries_.end()) return;
    const Session& s = it->second.session;
    auto range = subjects_.equal_range(subject_key(s.kind, s.subject_id));
    for (auto sub = range.first; sub != range.second; ++sub) {
        if (sub->second == id_hash) {
            subjects_.erase(sub);
            break;
        }
    }
    recency_.erase(it->second.recency);
    entries_.erase(it);
}

void Cache::clear_locked() {
    entries_.clear();
    subjects_.clear();
    recency_.clear();
}

// ---- HostBoard ----

// The file's layout. A slot is written as a seqlock: stamp 2i+1 while key words are being
// stored for post number i, 2i+2 once they are complete. Words are relaxed atomics so that
// readers in other processes never race on plain memory.
struct HostBoard::Layout {
    std::atomic<std::uint64_t> magic;
    std::atomic<std::uint64_t> next;  // the number of posts ever reserved
    struct Slot {
        std::atomic<std::uint64_t> stamp;
        std::atomic<std::uint64_t> words[kKeyWords];
    } slots[kSlots];
};

namespace {
constexpr std::uint64_t kMagic = 0x7a6b626f61726431ULL;  // "zkboard1"
static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "the board needs lock-free 64-bit atomics");
}  // namespace

HostBoard::HostBoard(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw std::runtime_error("session board " + path + ": " + std::strerror(errno));
    struct stat st {};
    bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    // A new file reads as zeros: a valid, empty board. Every opener sizes it the same way.
    if (ok && static_cast<std::size_t>(st.st_size) < sizeof(Layout))
        ok = ::ftruncate(fd, static_cast<off_t>(sizeof(Layout))) == 0;
    void* p = ok ? ::mmap(nullptr, sizeof(Layout), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
    const int saved = errno;
    ::close(fd);
    if (p == MAP_FAILED) throw std::runtime_error("session board " + path + ": " + std::strerror(saved));
    board_ = static_cast<Layout*>(p);
    std::uint64_t expected = 0;
    if (!board_->magic.compare_exchange_strong(expected, kMagic) && expected != kMagic) {
        ::munmap(board_, sizeof(Layout));
        board_ = nullptr;
        throw std::runtime_error("session board " + path + " has another layout; remove it and restart the modules");
    }
    seen_ = board_->next.load(std::memory_order_acquire);  // what came before is not ours to apply
}

HostBoard::~HostBoard() {
    if (board_) ::munmap(board_, sizeof(Layout));
}

void HostBoard::post(const std::string& key) {
    std::uint64_t words[kKeyWords] = {};
    std::memcpy(words, key.data(), std::min(key.size(), sizeof words - 1));
    const std::uint64_t i = board_->next.fetch_add(1, std::memory_order_acq_rel);
    Layout::Slot& slot = board_->slots[i % kSlots];
    slot.stamp.store(2 * i + 1, std::memory_order_release);
    std::atomic_thread_fence(std::memory_order_release);
    for (std::size_t w = 0; w < kKeyWords; ++w) slot.words[w].store(words[w], std::memory_order_relaxed);
    slot.stamp.store(2 * i + 2, std::memory_order_release);
}

void HostBoard::apply_new(Cache& cache) {
    if (board_->next.load(std::memory_order_acquire) == seen_) return;  // the common case: one load
    std::lock_guard<std::mutex> lock(read_mutex_);
    const std::uint64_t next = board_->next.load(std::memory_order_acquire);
    if (next - seen_ > kSlots) {
        seen_ = next;
        cache.invalidate(kEverything);
        return;
    }
    for (; seen_ != next; ++seen_) {
        const Layout::Slot& slot = board_->slots[seen_ % kSlots];
        const std::uint64_t done = 2 * seen_ + 2;
        std::uint64_t stamp = slot.stamp.load(std::memory_order_acquire);
        // A writer between reserving and completing: it finishes within instructions,
        // unless it died there. Wait a little, then give up safely.
        for (int spin = 0; stamp < done && spin < 100000; ++spin) stamp = slot.stamp.load(std::memory_order_acquire);
        std::uint64_t words[kKeyWords + 1] = {};
        for (std::size_t w = 0; w < kKeyWords; ++w) words[w] = slot.words[w].load(std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_acquire);
        if (stamp != done || slot.stamp.load(std::memory_order_relaxed) != done) {
            cache.invalidate(kEverything);  // unfinished or already overwritten
            continue;
        }
        cache.invalidate(std::string(reinterpret_cast<const char*>(words)));
    }
}

}  // namespace zk::session
