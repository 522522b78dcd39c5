#include "Persistence.h"

#include "JsonText.h"
#include "JsonUtil.h"

#include <QDir>
#include <QSaveFile>

#include <unordered_map>

namespace syncline::devcluster {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

QString logName() { return QStringLiteral("objects.log"); }

// One log record, checked field by field: the file may have been damaged or edited.
struct Record {
    enum class Op { Version, Put, Delete } op = Op::Version;
    std::string storeId;
    std::string key; // Delete: "ns/name"
    quint64 resourceVersion = 0;
    Json object; // Put
};

bool isUnsigned(const Json* value) { return value && value->is_number_unsigned(); }
bool isString(const Json* value) { return value && value->is_string(); }

// The record in `line`, or why it is not one.
util::Result<Record> readRecord(const QByteArray& line) {
    const auto bad = [](const QString& why) { return util::fail(util::ErrorCode::Corrupt, why); };
    QString parseError;
    Json json = json::parse(line, &parseError);
    if (json.is_discarded())
        return bad(parseError);
    if (!json.is_object() || !isString(json::child(json, "op")))
        return bad(QStringLiteral("not a record (an object with a string \"op\")"));
    Record record;
    const std::string op = json["op"].get<std::string>();
    if (op == "rv") {
        if (!isUnsigned(json::child(json, "rv")))
            return bad(QStringLiteral("\"rv\" is not a non-negative integer"));
        record.resourceVersion = json["rv"].get<quint64>();
        return record;
    }
    if (!isString(json::child(json, "r")))
        return bad(QStringLiteral("\"r\" is not a string"));
    record.storeId = json["r"].get<std::string>();
    if (op == "del") {
        if (!isString(json::child(json, "k")) || !isUnsigned(json::child(json, "rv")))
            return bad(QStringLiteral("a delete needs a string \"k\" and an integer \"rv\""));
        record.op = Record::Op::Delete;
        record.key = json["k"].get<std::string>();
        record.resourceVersion = json["rv"].get<quint64>();
        return record;
    }
    if (op != "put")
        return bad(QStringLiteral("unknown op \"%1\"").arg(QString::fromStdString(op)));
    const Json* object = json::child(json, "o");
    const Json* meta = object ? json::child(*object, "metadata") : nullptr;
    if (!meta || !meta->is_object() || !isString(json::child(*meta, "name")) || json::text(*meta, "name").empty())
        return bad(QStringLiteral("a put needs an object \"o\" with metadata.name"));
    for (const char* field : {"namespace", "resourceVersion"})
        if (json::child(*meta, field) && !isString(json::child(*meta, field)))
            return bad(QStringLiteral("metadata.%1 is not a string").arg(QLatin1String(field)));
    bool versionOk = true;
    const std::string version = json::text(*meta, "resourceVersion");
    record.resourceVersion = version.empty() ? 0 : QByteArray::fromStdString(version).toULongLong(&versionOk);
    if (!versionOk)
        return bad(QStringLiteral("metadata.resourceVersion is not a number"));
    record.op = Record::Op::Put;
    record.object = std::move(json["o"]);
    return record;
}

} // namespace

Persistence::Persistence(QString dataDir) : m_dataDir(std::move(dataDir)) {}

Persistence::~Persistence() = default;

QString Persistence::logPath() const { return QDir(m_dataDir).filePath(logName()); }

util::Result<Persistence::Loaded> Persistence::load() const {
    Loaded loaded;
    QFile file(logPath());
    if (!file.exists())
        return loaded;
    if (!file.open(QIODevice::ReadOnly))
        return util::fail(util::ErrorCode::Generic, file.errorString(), file.fileName());
    const QByteArray all = file.readAll();
    // key: storeId + '\n' + ns/name -> index in objects
    std::unordered_map<std::string, size_t> index;
    std::vector<bool> alive;
    std::vector<std::pair<std::string, Json>> objects;
    const QList<QByteArray> lines = all.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray& line = lines[i];
        if (line.trimmed().isEmpty())
            continue;
        auto record = readRecord(line);
        if (!record) {
            // Every record ends with '\n'; a last line without one is a write a kill interrupted.
            const bool torn = i == lines.size() - 1;
            loaded.problems << QStringLiteral("%1:%2: %3")
                                   .arg(file.fileName())
                                   .arg(i + 1)
                                   .arg(torn ? QStringLiteral("torn last line (an interrupted write), ignored")
                                             : record.error().message + QStringLiteral("; record skipped"));
            continue;
        }
        loaded.resourceVersion = std::max(loaded.resourceVersion, record->resourceVersion);
        if (record->op == Record::Op::Delete) {
            if (auto it = index.find(record->storeId + '\n' + record->key); it != index.end())
                alive[it->second] = false;
        } else if (record->op == Record::Op::Put) {
            const std::string key = record->storeId + '\n' + json::metaText(record->object, "namespace") + '/' +
                                    json::metaText(record->object, "name");
            if (auto it = index.find(key); it == index.end()) {
                index.emplace(key, objects.size());
                objects.emplace_back(record->storeId, std::move(record->object));
                alive.push_back(true);
            } else {
                objects[it->second].second = std::move(record->object);
                alive[it->second] = true;
            }
        }
    }
    for (size_t i = 0; i < objects.size(); ++i)
        if (alive[i])
            loaded.objects.push_back(std::move(objects[i]));
    return loaded;
}

util::Result<QString> Persistence::keepDamagedCopy() const {
    const QString copy = logPath() + QStringLiteral(".damaged");
    QFile::remove(copy);
    if (!QFile::copy(logPath(), copy) || !QFile::setPermissions(copy, kOwnerOnly))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot keep a copy of the damaged log"), copy);
    return copy;
}

util::Result<void> Persistence::compact(const std::function<void(const ObjectVisitor&)>& forEach, quint64 resourceVersion) {
    if (!QDir().mkpath(m_dataDir))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot create the data directory"), m_dataDir);
    m_log.close();
    QSaveFile out(logPath());
    if (!out.open(QIODevice::WriteOnly))
        return util::fail(util::ErrorCode::Generic, out.errorString(), out.fileName());
    // Before the first byte: the log holds Secrets.
    if (!out.setPermissions(kOwnerOnly))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot make the log private"), out.fileName());
    Json rv{{"op", "rv"}, {"rv", resourceVersion}};
    out.write(QByteArray::fromStdString(json::dump(rv)) + '\n');
    forEach([&](const std::string& storeId, const Json& object) {
        Json record = Json::object();
        record["op"] = "put";
        record["r"] = storeId;
        record["o"] = object;
        out.write(QByteArray::fromStdString(json::dump(record)) + '\n');
    });
    if (!out.commit())
        return util::fail(util::ErrorCode::Generic, out.errorString(), out.fileName());
    m_log.setFileName(logPath());
    if (!m_log.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return util::fail(util::ErrorCode::Generic, m_log.errorString(), m_log.fileName());
    m_records = 0;
    return {};
}

bool Persistence::append(const Json& record) {
    if (!m_log.isOpen())
        return true;
    const QByteArray line = QByteArray::fromStdString(json::dump(record)) + '\n';
    const qint64 before = m_log.size();
    if (m_log.write(line) != line.size()) { // one write(2) per record
        // A part of the line may have landed (disk full): cut it, or the next record would
        // be appended to it and both read back as one damaged line.
        m_log.resize(before);
        return false;
    }
    ++m_records;
    return true;
}

bool Persistence::recordPut(const std::string& storeId, const Json& object) {
    Json record = Json::object();
    record["op"] = "put";
    record["r"] = storeId;
    record["o"] = object;
    return append(record);
}

void Persistence::recordDelete(const std::string& storeId, const std::string& key, quint64 resourceVersion) {
    append(Json{{"op", "del"}, {"r", storeId}, {"k", key}, {"rv", resourceVersion}});
}

} // namespace syncline::devcluster
