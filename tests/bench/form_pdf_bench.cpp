// form_pdf_bench.cpp: time and memory of the 毕业生登记表 PDF (common/domain/form_pdf) on one
// thread: one Renderer renders a typical form (one major, 7 résumé rows,
// 3 family members, a 500-character 自我鉴定, a 480×640 photo) N times.
//
//   form-pdf-bench [N] [--out FILE] [--font-dir DIR]
//
// Prints (times in milliseconds, memory in MiB, VmRSS of /proc/self/status):
//   form-pdf: setup MS rss-after-setup MIB
//   form-pdf: renders N pages P bytes B
//   form-pdf: p50 MS p99 MS
//   form-pdf: rss-after-first MIB (anon MIB file MIB) rss-after-last MIB (anon MIB file MIB)
// --out FILE writes the PDF of the first render. Targets: p50 < 100 ms, RSS ≤ 30 MiB after
// the first render.
// The photo is made here by a small baseline JPEG writer that codes only each 8×8 block's
// mean colour (every AC coefficient is zero): a real, decodable JPEG of a blocky portrait,
// without linking an image library into the benchmark (its pages would count in the RSS).
// Trusts common/domain/form_pdf; nothing here is product code.
#include "common/domain/form_pdf/form_pdf.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

// ---- a DC-only baseline JPEG writer ----

class BitWriter {
public:
    explicit BitWriter(std::string& out) : out_(out) {}
    void put(unsigned code, int length) {
        for (int i = length - 1; i >= 0; --i) {
            acc_ = acc_ << 1 | ((code >> i) & 1u);
            if (++n_ == 8) flush_byte();
        }
    }
    void finish() {
        while (n_ != 0) put(1, 1);  // pad with 1-bits
    }

private:
    void flush_byte() {
        out_ += static_cast<char>(acc_);
        if (acc_ == 0xFF) out_ += '\0';  // byte stuffing
        acc_ = 0;
        n_ = 0;
    }
    std::string& out_;
    unsigned acc_ = 0;
    int n_ = 0;
};

void put16(std::string& s, unsigned v) {
    s += static_cast<char>(v >> 8);
    s += static_cast<char>(v & 0xFF);
}

// The standard luminance DC table (ITU T.81 K.3), categories 0 … 11.
constexpr std::array<unsigned char, 16> kDcBits = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};

struct Rgb {
    double r, g, b;
};

// A passport-like portrait: light-blue background, a face, dark shoulders.
Rgb portrait(double x, double y) {  // x, y in 0 … 1
    const double fx = (x - 0.5) / 0.2, fy = (y - 0.42) / 0.24;
    if (fx * fx + fy * fy < 1) return {236, 196, 170};
    const double sx = (x - 0.5) / 0.48, sy = (y - 1.05) / 0.38;
    if (sx * sx + sy * sy < 1) return {40, 44, 60};
    return {150, 200, 240};
}

std::string make_jpeg(int w, int h) {
    std::string j;
    j += "\xFF\xD8";
    j += "\xFF\xE0";
    put16(j, 16);
    j.append("JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00", 14);
    j += "\xFF\xDB";  // one quantisation table of ones: the DC coefficient is coded as it is
    put16(j, 67);
    j += '\0';
    j.append(64, '\x01');
    j += "\xFF\xC0";  // baseline frame, three components, no subsampling
    put16(j, 17);
    j += '\x08';
    put16(j, static_cast<unsigned>(h));
    put16(j, static_cast<unsigned>(w));
    j += '\x03';
    for (char id = 1; id <= 3; ++id) j += std::string{id, '\x11', '\0'};
    j += "\xFF\xC4";  // DC table 0 (standard) and AC table 0 holding only EOB (code "0")
    put16(j, 2 + 17 + 12 + 17 + 1);
    j += '\x00';
    for (unsigned char b : kDcBits) j += static_cast<char>(b);
    for (char v = 0; v < 12; ++v) j += v;
    j += '\x10';
    j += '\x01';
    j.append(15, '\0');
    j += '\0';
    j += "\xFF\xDA";
    put16(j, 12);
    j += '\x03';
    for (char id = 1; id <= 3; ++id) j += std::string{id, '\0'};
    j.append("\x00\x3F\x00", 3);

    // Canonical codes of the DC table.
    std::array<unsigned, 12> code{};
    std::array<int, 12> length{};
    unsigned c = 0;
    int k = 0;
    for (int len = 1; len <= 16; ++len) {
        for (int i = 0; i < kDcBits[static_cast<std::size_t>(len - 1)]; ++i, ++k) {
            code[static_cast<std::size_t>(k)] = c++;
            length[static_cast<std::size_t>(k)] = len;
        }
        c <<= 1;
    }
    BitWriter bits(j);
    std::array<int, 3> pred{};
    for (int by = 0; by < (h + 7) / 8; ++by)
        for (int bx = 0; bx < (w + 7) / 8; ++bx) {
            const Rgb p = portrait((bx * 8 + 4.0) / w, (by * 8 + 4.0) / h);
            const std::array<double, 3> ycc = {0.299 * p.r + 0.587 * p.g + 0.114 * p.b,
                                               -0.1687 * p.r - 0.3313 * p.g + 0.5 * p.b + 128,
                                               0.5 * p.r - 0.4187 * p.g - 0.0813 * p.b + 128};
            for (std::size_t comp = 0; comp < 3; ++comp) {
                const int dc = static_cast<int>(std::lround(8 * (ycc[comp] - 128)));
                const int diff = dc - pred[comp];
                pred[comp] = dc;
                int cat = 0;
                for (int a = std::abs(diff); a != 0; a >>= 1) ++cat;
                bits.put(code[static_cast<std::size_t>(cat)], length[static_cast<std::size_t>(cat)]);
                if (cat > 0) bits.put(static_cast<unsigned>(diff >= 0 ? diff : diff - 1) & ((1u << cat) - 1), cat);
                bits.put(0, 1);  // EOB: every AC coefficient is zero
            }
        }
    bits.finish();
    j += "\xFF\xD9";
    return j;
}

// ---- the typical form ----

const char* const kEvaluation =
    "本人自参加高等教育自学考试以来，始终坚持党的基本路线，认真学习马克思列宁主义、毛泽东思想和中国特色社会主义理论体系，"
    "关心国家大事，遵纪守法，诚实守信，积极参加单位组织的政治理论学习和志愿服务活动，思想上要求进步，政治立场坚定，"
    "具有良好的道德品质和社会公德意识，在单位和社区中起到了党员的模范带头作用。\n"
    "在工作中，本人热爱本职岗位，服从领导安排，团结同事，认真负责地完成各项工作任务。工作之余，我合理安排时间，"
    "克服工学矛盾，坚持利用业余时间系统学习专业课程，按照考试计划逐门报考，先后通过了全部课程的考试。在学习过程中，"
    "我注重理论联系实际，把所学的新闻采写、编辑和传播理论运用到单位的宣传工作中，撰写的十余篇稿件被市级媒体采用，"
    "工作能力和业务水平得到明显提高，多次被单位评为先进工作者。\n"
    "通过几年的自学考试，我不仅掌握了本专业的基础理论和基本技能，更培养了自主学习、独立思考和坚持不懈的品质，"
    "也深刻体会到终身学习的重要意义。当然，我也清醒地认识到自己还存在一些不足，例如理论功底还不够扎实，"
    "写作水平有待提高。今后我将继续努力学习，不断更新知识结构，以更加饱满的热情投入到工作中，为社会和单位作出更大的贡献。";

zk::form_pdf::Form typical_form() {
    zk::form_pdf::Form f;
    f.majors = {{"山西大学", "汉语言文学(本科)"}};
    f.name = "王晓明";
    f.gender = "男";
    f.birth_date = "1996年03月12日";
    f.ethnicity = "汉族";
    f.political_status = "中共党员";
    f.health = "健康";
    f.id_number = "140105199603121234";
    f.native_place = "山西太原";
    f.education = "大学专科";
    f.occupation = "职员";
    f.work_start = "2017年07月";
    f.employer = "太原市小店区融媒体中心";
    f.phone = "13912345678";
    f.address = "山西省太原市小店区长治路111号山西转型综合改革示范区2号楼3单元502室";
    f.ticket_no = "010116100123";
    f.overseas_relative = false;
    f.photo_jpeg = make_jpeg(480, 640);
    f.resume = {{"2002年09月", "2008年07月", "太原市小店区北格镇中心小学 学习"},
                {"2008年09月", "2011年07月", "太原市第四十八中学 学习"},
                {"2011年09月", "2014年07月", "太原市第五中学 学习"},
                {"2014年09月", "2017年07月", "山西职业技术学院 计算机应用技术专业 学习"},
                {"2017年07月", "2019年12月", "太原市小店区文化馆 职员"},
                {"2020年01月", "至今", "太原市小店区融媒体中心 编辑"},
                {"2019年04月", "2023年06月", "山西大学 汉语言文学专业 高等教育自学考试（本科）"}};
    f.family = {{"王建国", "父亲", "太原重型机械集团有限公司", "工程师"},
                {"李秀英", "母亲", "太原市小店区北格镇中心小学", "教师"},
                {"赵丽", "妻子", "山西省人民医院", "护士"}};
    f.rewards = "2021年被评为太原市小店区优秀共产党员";
    f.self_evaluation = kEvaluation;
    f.footer = "生成时间：2026-12-02 10:30:00　编号：GA-2026-000123";
    return f;
}

// A line of /proc/self/status in MiB ("VmRSS", "RssAnon", "RssFile").
double status_mib(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0) return std::strtod(line.c_str() + key.size() + 1, nullptr) / 1024.0;
    return -1;
}

double rss_mib() { return status_mib("VmRSS"); }

std::string rss_detail() {
    char buf[96];
    std::snprintf(buf, sizeof buf, "(anon %.1f file %.1f)", status_mib("RssAnon"), status_mib("RssFile"));
    return buf;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    int n = 50;
    std::string out_path, font_dir = "/usr/share/fonts/opentype/noto";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--out" && i + 1 < argc) {
            out_path = argv[++i];
        } else if (a == "--font-dir" && i + 1 < argc) {
            font_dir = argv[++i];
        } else if (!a.empty() && a.find_first_not_of("0123456789") == std::string::npos) {
            n = std::max(1, std::atoi(a.c_str()));
        } else {
            std::fprintf(stderr, "usage: form-pdf-bench [N] [--out FILE] [--font-dir DIR]\n");
            return 2;
        }
    }
    try {
        const auto t0 = std::chrono::steady_clock::now();
        const zk::form_pdf::Renderer renderer(font_dir);
        std::printf("form-pdf: setup %.1f rss-after-setup %.1f\n", ms_since(t0), rss_mib());
        const zk::form_pdf::Form form = typical_form();
        std::vector<double> times;
        double rss_first = 0;
        std::string rss_first_detail;
        zk::form_pdf::Rendered first;
        for (int i = 0; i < n; ++i) {
            const auto t = std::chrono::steady_clock::now();
            zk::form_pdf::Rendered r = renderer.render(form);
            times.push_back(ms_since(t));
            if (i == 0) {
                rss_first = rss_mib();
                rss_first_detail = rss_detail();
                first = std::move(r);
            }
        }
        const double rss_last = rss_mib();
        std::sort(times.begin(), times.end());
        const auto at = [&](double q) {
            const auto idx = static_cast<std::size_t>(std::ceil(q * static_cast<double>(times.size()))) - 1;
            return times[std::min(times.size() - 1, idx)];
        };
        std::printf("form-pdf: renders %d pages %d bytes %zu\n", n, first.pages, first.pdf.size());
        std::printf("form-pdf: p50 %.1f p99 %.1f\n", at(0.5), at(0.99));
        std::printf("form-pdf: rss-after-first %.1f %s rss-after-last %.1f %s\n", rss_first, rss_first_detail.c_str(),
                    rss_last, rss_detail().c_str());
        if (!out_path.empty()) {
            std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
            out.write(first.pdf.data(), static_cast<std::streamsize>(first.pdf.size()));
            if (!out) {
                std::fprintf(stderr, "form-pdf-bench: cannot write %s\n", out_path.c_str());
                return 1;
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "form-pdf-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
