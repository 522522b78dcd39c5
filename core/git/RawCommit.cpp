#include "git/RawCommit.h"

#include "util/Text.h"

#include <cstring>
#include <string_view>

namespace syncline::git {

namespace {

// "Name <email> 1700000000 +0100"
Signature parseSignature(std::string_view line, const QByteArray& encoding) {
    Signature sig;
    const auto open = line.find('<');
    const auto close = line.rfind('>');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open)
        return sig;
    std::string_view name = line.substr(0, open);
    while (!name.empty() && name.back() == ' ')
        name.remove_suffix(1);
    sig.name = util::decodeGitText(name.data(), qsizetype(name.size()), encoding);
    const std::string_view email = line.substr(open + 1, close - open - 1);
    sig.email = util::decodeGitText(email.data(), qsizetype(email.size()), encoding);
    std::string_view rest = line.substr(close + 1);
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    qint64 time = 0;
    std::size_t i = 0;
    for (; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i)
        time = time * 10 + (rest[i] - '0');
    sig.time = time;
    while (i < rest.size() && rest[i] == ' ')
        ++i;
    if (i + 5 <= rest.size() && (rest[i] == '+' || rest[i] == '-')) {
        const int hours = (rest[i + 1] - '0') * 10 + (rest[i + 2] - '0');
        const int minutes = (rest[i + 3] - '0') * 10 + (rest[i + 4] - '0');
        sig.offsetMinutes = (rest[i] == '-' ? -1 : 1) * (hours * 60 + minutes);
    }
    return sig;
}

bool startsWith(std::string_view line, std::string_view prefix) {
    return line.size() >= prefix.size() && line.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

std::optional<RawCommit> RawCommit::parse(const char* data, std::size_t size) {
    RawCommit commit;
    std::string_view rest(data, size);
    bool sawTree = false;
    std::string_view authorLine, committerLine;
    while (!rest.empty()) {
        const auto eol = rest.find('\n');
        const std::string_view line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
        if (line.empty()) { // blank line: the message follows
            commit.message = rest.data();
            commit.messageSize = rest.size();
            break;
        }
        if (line.front() == ' ')
            continue; // continuation of a multi-line header (gpgsig, mergetag)
        if (startsWith(line, "tree ")) {
            auto id = ObjectId::fromHex(line.data() + 5, line.size() - 5);
            if (!id)
                return std::nullopt;
            commit.tree = *id;
            sawTree = true;
        } else if (startsWith(line, "parent ")) {
            auto id = ObjectId::fromHex(line.data() + 7, line.size() - 7);
            if (!id)
                return std::nullopt;
            commit.parents.push_back(*id);
        } else if (startsWith(line, "author ")) {
            authorLine = line.substr(7);
        } else if (startsWith(line, "committer ")) {
            committerLine = line.substr(10);
        } else if (startsWith(line, "encoding ")) {
            commit.encoding = QByteArray(line.data() + 9, qsizetype(line.size() - 9));
        }
    }
    if (!sawTree)
        return std::nullopt;
    commit.author = parseSignature(authorLine, commit.encoding);
    commit.committer = parseSignature(committerLine, commit.encoding);
    if (!commit.message) {
        commit.message = data + size;
        commit.messageSize = 0;
    }
    return commit;
}

QString RawCommit::summary() const {
    std::string_view text(message, messageSize);
    while (!text.empty() && (text.front() == '\n' || text.front() == '\r'))
        text.remove_prefix(1);
    const auto eol = text.find('\n');
    std::string_view first = text.substr(0, eol);
    while (!first.empty() && (first.back() == '\r' || first.back() == ' '))
        first.remove_suffix(1);
    return util::decodeGitText(first.data(), qsizetype(first.size()), encoding);
}

QString RawCommit::fullMessage() const { return util::decodeGitText(message, qsizetype(messageSize), encoding); }

} // namespace syncline::git
