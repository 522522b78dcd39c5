#include "activity/ActivityLog.h"

#include "util/JsonDepth.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSaveFile>

namespace syncline::activity {

namespace {

constexpr int kMaxEntryDepth = 4;

util::Error fileError(const QString& what, const QFileDevice& file) {
    return util::makeError(util::ErrorCode::Generic, what + QStringLiteral(": ") + file.errorString(), file.fileName());
}

// The last `bytes` of the file, starting at a line.
util::Result<QByteArray> tail(const QString& path, qint64 bytes) {
    QFile file(path);
    if (!file.exists())
        return QByteArray();
    if (!file.open(QIODevice::ReadOnly))
        return util::fail(fileError(QStringLiteral("cannot read the activity log"), file));
    const qint64 start = std::max<qint64>(0, file.size() - bytes);
    file.seek(start);
    QByteArray text = file.read(bytes);
    if (start > 0)
        text.remove(0, text.indexOf('\n') + 1); // the first line was cut
    return text;
}

} // namespace

ActivityLog::ActivityLog(QString file, qint64 maxBytes) : m_file(std::move(file)), m_maxBytes(maxBytes) {}

QString ActivityLog::defaultFile() {
    QString data = qEnvironmentVariable("XDG_DATA_HOME");
    if (data.isEmpty())
        data = QDir::homePath() + QStringLiteral("/.local/share");
    return data + QStringLiteral("/syncline/activity.jsonl");
}

util::Result<void> ActivityLog::append(const ActivityEntry& entry) {
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    QLockFile lock(m_file + QStringLiteral(".lock"));
    if (!lock.tryLock(5000))
        return util::fail(util::ErrorCode::Timeout, QStringLiteral("the activity log is locked by another process"), m_file);
    QFile file(m_file);
    if (!file.open(QIODevice::Append))
        return util::fail(fileError(QStringLiteral("cannot write the activity log"), file));
    const QByteArray line = QByteArray::fromStdString(entry.toJson().dump()) + '\n';
    if (file.write(line) != line.size())
        return util::fail(fileError(QStringLiteral("cannot write the activity log"), file));
    file.close();
    return file.size() > m_maxBytes ? dropOldestHalf() : util::Result<void>{};
}

void ActivityLog::record(const ActivityEntry& entry) {
    if (auto appended = ActivityLog().append(entry); !appended)
        qWarning("syncline: the activity log: %s", qPrintable(appended.error().toString()));
}

util::Result<void> ActivityLog::dropOldestHalf() {
    auto kept = tail(m_file, m_maxBytes / 2);
    if (!kept)
        return util::fail(kept.error());
    QSaveFile file(m_file);
    if (!file.open(QIODevice::WriteOnly) || file.write(*kept) != kept->size() || !file.commit())
        return util::fail(fileError(QStringLiteral("cannot shorten the activity log"), file));
    return {};
}

util::Result<ActivityLog::Read> ActivityLog::read(int limit) const {
    auto text = tail(m_file, m_maxBytes);
    if (!text)
        return util::fail(text.error());
    Read read;
    for (const QByteArray& line : text->split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        // An entry is one flat object: a line nested deeper is not one, and is never parsed
        // (nlohmann's parser recurses per level).
        const std::string_view view(line.constData(), std::size_t(line.size()));
        if (util::jsonDepthExceeds(view, kMaxEntryDepth)) {
            ++read.skipped;
            continue;
        }
        const auto json = nlohmann::json::parse(view, nullptr, false);
        auto entry = ActivityEntry::fromJson(json);
        if (entry)
            read.entries.push_back(std::move(*entry));
        else
            ++read.skipped;
    }
    if (limit > 0 && int(read.entries.size()) > limit)
        read.entries.erase(read.entries.begin(), read.entries.end() - limit);
    return read;
}

} // namespace syncline::activity
