#include "git/RawCommit.h"

#include "util/Text.h"

#include <cstring>
#include <limits>
#include <string_view>

namespace syncline::git {

namespace {

bool isGitSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The leading digits of `text` as strtoumax would read them; nullopt when they exceed
// `limit` (git's date_overflows: beyond time_t).
std::optional<std::uint64_t> leadingNumber(std::string_view text, std::uint64_t limit) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        const unsigned digit = unsigned(text[i] - '0');
        if (value > (limit - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

std::size_t leadingDigits(std::string_view text) {
    std::size_t count = 0;
    while (count < text.size() && text[count] >= '0' && text[count] <= '9')
        ++count;
    return count;
}

// The part after "<email>": "1700000000 +0100", read as git's split_ident_line and
// show_ident_date do. No date (missing digits, no signed zone) and a date past time_t
// both show as the epoch in UTC; a zone is its leading digits as hhmm, any count of them,
// UTC when they overflow (git: INT_MAX; here also a minute count the models can scale to
// seconds).
void parseDate(std::string_view rest, Signature& sig) {
    while (!rest.empty() && isGitSpace(rest.front()))
        rest.remove_prefix(1);
    const std::size_t dateDigits = leadingDigits(rest);
    std::string_view zone = rest.substr(dateDigits);
    while (!zone.empty() && isGitSpace(zone.front()))
        zone.remove_prefix(1);
    if (dateDigits == 0 || zone.size() < 2 || (zone[0] != '+' && zone[0] != '-') || leadingDigits(zone.substr(1)) == 0)
        return;
    const auto time = leadingNumber(rest, std::uint64_t(std::numeric_limits<qint64>::max()));
    if (!time)
        return;
    sig.time = qint64(*time);
    const auto hhmm = leadingNumber(zone.substr(1), std::uint64_t(std::numeric_limits<int>::max()) - 1);
    if (!hhmm)
        return;
    const std::uint64_t minutes = *hhmm / 100 * 60 + *hhmm % 100;
    if (minutes <= std::uint64_t(std::numeric_limits<int>::max() / 60))
        sig.offsetMinutes = (zone[0] == '-' ? -1 : 1) * int(minutes);
}

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
    parseDate(line.substr(close + 1), sig);
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
