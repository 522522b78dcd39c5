#include "diff/UnifiedDiff.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace syncline::diff {

namespace {

enum class Op : char { Equal, Delete, Insert };

std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(pos));
            break;
        }
        lines.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return lines;
}

// Myers' greedy forward search with the V array of every step kept for the backtrack.
// Returns false when the distance exceeds `maxD`.
bool myers(const int* a, int n, const int* b, int m, int maxD, std::vector<Op>& out) {
    const int dLimit = std::min(maxD, n + m);
    const int offset = dLimit + 1;
    std::vector<int> v(std::size_t(2 * dLimit + 3), 0);
    std::vector<std::vector<int>> trace;
    int found = -1;
    for (int d = 0; d <= dLimit && found < 0; ++d) {
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && v[std::size_t(offset + k - 1)] < v[std::size_t(offset + k + 1)]))
                        ? v[std::size_t(offset + k + 1)]
                        : v[std::size_t(offset + k - 1)] + 1;
            int y = x - k;
            while (x < n && y < m && a[x] == b[y]) {
                ++x;
                ++y;
            }
            v[std::size_t(offset + k)] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
        trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
    }
    if (found < 0)
        return false;
    std::vector<Op> reversed;
    int x = n, y = m;
    for (int d = found; d > 0; --d) {
        const std::vector<int>& prev = trace[std::size_t(d - 1)]; // k in [-(d-1), d-1] at index k + d - 1
        auto at = [&](int k) { return prev[std::size_t(k + d - 1)]; };
        const int k = x - y;
        const int prevK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
        const int prevX = at(prevK);
        const int prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            reversed.push_back(Op::Equal);
            --x;
            --y;
        }
        if (x == prevX) {
            reversed.push_back(Op::Insert);
            --y;
        } else {
            reversed.push_back(Op::Delete);
            --x;
        }
    }
    while (x > 0 && y > 0) {
        reversed.push_back(Op::Equal);
        --x;
        --y;
    }
    out.insert(out.end(), reversed.rbegin(), reversed.rend());
    return true;
}

void appendRange(std::string& out, std::size_t start, std::size_t count) {
    // git: "-5" for one line, "-5,3", and "-4,0" (the line before) for none.
    out += std::to_string(count == 0 ? start : start + 1);
    if (count != 1) {
        out += ',';
        out += std::to_string(count);
    }
}

} // namespace

std::string UnifiedDiff::make(std::string_view oldText, std::string_view newText, std::string_view oldName,
                              std::string_view newName, const UnifiedDiffOptions& options) {
    if (oldText == newText)
        return {};
    const std::vector<std::string_view> a = splitLines(oldText);
    const std::vector<std::string_view> b = splitLines(newText);

    // Intern lines so the search compares integers.
    std::unordered_map<std::string_view, int> ids;
    ids.reserve(a.size() + b.size());
    std::vector<int> ia(a.size()), ib(b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        ia[i] = ids.emplace(a[i], int(ids.size())).first->second;
    for (std::size_t i = 0; i < b.size(); ++i)
        ib[i] = ids.emplace(b[i], int(ids.size())).first->second;

    std::size_t head = 0;
    while (head < ia.size() && head < ib.size() && ia[head] == ib[head])
        ++head;
    std::size_t tail = 0;
    while (tail < ia.size() - head && tail < ib.size() - head &&
           ia[ia.size() - 1 - tail] == ib[ib.size() - 1 - tail])
        ++tail;

    std::vector<Op> ops(head, Op::Equal);
    const int n = int(ia.size() - head - tail);
    const int m = int(ib.size() - head - tail);
    if (!myers(ia.data() + head, n, ib.data() + head, m, int(options.maxEditDistance), ops)) {
        ops.insert(ops.end(), std::size_t(n), Op::Delete);
        ops.insert(ops.end(), std::size_t(m), Op::Insert);
    }
    ops.insert(ops.end(), tail, Op::Equal);

    // Line numbers before each op.
    std::vector<std::size_t> aAt(ops.size() + 1), bAt(ops.size() + 1);
    for (std::size_t i = 0; i < ops.size(); ++i) {
        aAt[i + 1] = aAt[i] + (ops[i] != Op::Insert);
        bAt[i + 1] = bAt[i] + (ops[i] != Op::Delete);
    }

    const std::size_t context = std::size_t(std::max(0, options.contextLines));
    const bool oldEndsWithNewline = oldText.empty() || oldText.back() == '\n';
    const bool newEndsWithNewline = newText.empty() || newText.back() == '\n';
    std::string out;
    out += "--- a/";
    out += oldName;
    out += "\n+++ b/";
    out += newName;
    out += '\n';

    std::size_t i = 0;
    while (i < ops.size()) {
        while (i < ops.size() && ops[i] == Op::Equal)
            ++i;
        if (i == ops.size())
            break;
        const std::size_t start = i >= context ? i - context : 0;
        // Extend the hunk while the next change is within 2*context equal lines.
        std::size_t end = i;
        while (true) {
            while (end < ops.size() && ops[end] != Op::Equal)
                ++end;
            std::size_t next = end;
            while (next < ops.size() && ops[next] == Op::Equal)
                ++next;
            if (next < ops.size() && next - end <= 2 * context) {
                end = next;
                continue;
            }
            end = std::min(ops.size(), end + context);
            break;
        }
        out += "@@ -";
        appendRange(out, aAt[start], aAt[end] - aAt[start]);
        out += " +";
        appendRange(out, bAt[start], bAt[end] - bAt[start]);
        out += " @@\n";
        for (std::size_t j = start; j < end; ++j) {
            const char marker = ops[j] == Op::Equal ? ' ' : ops[j] == Op::Delete ? '-' : '+';
            const bool fromOld = ops[j] != Op::Insert;
            const std::string_view line = fromOld ? a[aAt[j]] : b[bAt[j]];
            out += marker;
            out += line;
            out += '\n';
            const bool lastOld = fromOld && aAt[j] + 1 == a.size() && !oldEndsWithNewline;
            const bool lastNew = ops[j] != Op::Delete && bAt[j] + 1 == b.size() && !newEndsWithNewline;
            if ((ops[j] == Op::Delete && lastOld) || (ops[j] == Op::Insert && lastNew) ||
                (ops[j] == Op::Equal && (lastOld || lastNew)))
                out += "\\ No newline at end of file\n";
        }
        i = end;
    }
    return out;
}

} // namespace syncline::diff
