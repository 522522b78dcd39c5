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

// The edit script turning lines `a` into lines `b`. Lines are interned so the search compares
// integers, and the common head and tail are matched before Myers runs on the middle; past
// `maxEditDistance` the middle becomes one delete-all, insert-all block.
std::vector<Op> editScript(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b, int maxEditDistance) {
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
    while (tail < ia.size() - head && tail < ib.size() - head && ia[ia.size() - 1 - tail] == ib[ib.size() - 1 - tail])
        ++tail;

    std::vector<Op> ops(head, Op::Equal);
    const int n = int(ia.size() - head - tail);
    const int m = int(ib.size() - head - tail);
    if (!myers(ia.data() + head, n, ib.data() + head, m, maxEditDistance, ops)) {
        ops.insert(ops.end(), std::size_t(n), Op::Delete);
        ops.insert(ops.end(), std::size_t(m), Op::Insert);
    }
    ops.insert(ops.end(), tail, Op::Equal);
    return ops;
}

// Both texts as lines, the edit script between them, and each op's line numbers.
struct Script {
    std::vector<std::string_view> a, b;
    std::vector<Op> ops;
    std::vector<std::size_t> aAt, bAt; // line numbers before each op
    bool oldEndsWithNewline = true;
    bool newEndsWithNewline = true;

    Script(std::string_view oldText, std::string_view newText, int maxEditDistance)
        : a(splitLines(oldText)), b(splitLines(newText)), ops(editScript(a, b, maxEditDistance)), aAt(ops.size() + 1),
          bAt(ops.size() + 1), oldEndsWithNewline(oldText.empty() || oldText.back() == '\n'),
          newEndsWithNewline(newText.empty() || newText.back() == '\n') {
        for (std::size_t i = 0; i < ops.size(); ++i) {
            aAt[i + 1] = aAt[i] + (ops[i] != Op::Insert);
            bAt[i + 1] = bAt[i] + (ops[i] != Op::Delete);
        }
    }
};

// One past the last op of the hunk whose first change is at `first`: the hunk extends while
// the next change is within 2*context equal lines (as git merges hunks), then ends after
// `context` more lines.
std::size_t hunkEnd(const std::vector<Op>& ops, std::size_t first, std::size_t context) {
    std::size_t end = first;
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
        return std::min(ops.size(), end + context);
    }
}

// The "@@ -a,n +b,m @@" header and the lines of ops [start, end), with git's marker after a
// last line that has no newline.
void appendHunk(std::string& out, const Script& script, std::size_t start, std::size_t end) {
    const auto& ops = script.ops;
    out += "@@ -";
    appendRange(out, script.aAt[start], script.aAt[end] - script.aAt[start]);
    out += " +";
    appendRange(out, script.bAt[start], script.bAt[end] - script.bAt[start]);
    out += " @@\n";
    for (std::size_t j = start; j < end; ++j) {
        const char marker = ops[j] == Op::Equal ? ' ' : ops[j] == Op::Delete ? '-' : '+';
        const bool fromOld = ops[j] != Op::Insert;
        const std::string_view line = fromOld ? script.a[script.aAt[j]] : script.b[script.bAt[j]];
        out += marker;
        out += line;
        out += '\n';
        const bool lastOld = fromOld && script.aAt[j] + 1 == script.a.size() && !script.oldEndsWithNewline;
        const bool lastNew = ops[j] != Op::Delete && script.bAt[j] + 1 == script.b.size() && !script.newEndsWithNewline;
        if ((ops[j] == Op::Delete && lastOld) || (ops[j] == Op::Insert && lastNew) ||
            (ops[j] == Op::Equal && (lastOld || lastNew)))
            out += "\\ No newline at end of file\n";
    }
}

} // namespace

std::string UnifiedDiff::make(std::string_view oldText, std::string_view newText, std::string_view oldName,
                              std::string_view newName, const UnifiedDiffOptions& options) {
    if (oldText == newText)
        return {};
    const Script script(oldText, newText, int(options.maxEditDistance));
    const std::size_t context = std::size_t(std::max(0, options.contextLines));
    std::string out;
    out += "--- a/";
    out += oldName;
    out += "\n+++ b/";
    out += newName;
    out += '\n';

    const std::vector<Op>& ops = script.ops;
    std::size_t i = 0;
    while (i < ops.size()) {
        while (i < ops.size() && ops[i] == Op::Equal)
            ++i;
        if (i == ops.size())
            break;
        const std::size_t start = i >= context ? i - context : 0;
        const std::size_t end = hunkEnd(ops, i, context);
        appendHunk(out, script, start, end);
        i = end;
    }
    return out;
}

} // namespace syncline::diff
