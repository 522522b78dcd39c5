#include "Persistence.h"

#include <QDir>
#include <QSaveFile>

#include <unordered_map>

namespace syncline::devcluster {

namespace {
QString logName() { return QStringLiteral("objects.log"); }
} // namespace

Persistence::Persistence(QString dataDir) : m_dataDir(std::move(dataDir)) {}

Persistence::~Persistence() = default;

util::Result<Persistence::Loaded> Persistence::load() const {
    Loaded loaded;
    QFile file(QDir(m_dataDir).filePath(logName()));
    if (!file.exists())
        return loaded;
    if (!file.open(QIODevice::ReadOnly))
        return util::fail(util::ErrorCode::Generic, file.errorString(), file.fileName());
    const QByteArray all = file.readAll();
    // key: storeId + '\n' + ns/name -> index in objects (-1 when deleted)
    std::unordered_map<std::string, size_t> index;
    std::vector<bool> alive;
    std::vector<std::pair<std::string, Json>> objects;
    const QList<QByteArray> lines = all.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray& line = lines[i];
        if (line.trimmed().isEmpty())
            continue;
        Json record = Json::parse(line.constBegin(), line.constEnd(), nullptr, false);
        if (record.is_discarded() || !record.is_object()) {
            ++loaded.skippedLines; // a torn last write (SIGKILL) or damage: skip
            continue;
        }
        const std::string op = record.value("op", std::string());
        if (op == "rv") {
            loaded.resourceVersion = std::max<quint64>(loaded.resourceVersion, record.value("rv", quint64(0)));
        } else if (op == "put" && record.contains("o") && record["o"].is_object()) {
            Json& object = record["o"];
            const Json& meta = object["metadata"];
            const std::string key = record.value("r", std::string()) + '\n' + meta.value("namespace", std::string()) +
                                    '/' + meta.value("name", std::string());
            const quint64 rv =
                QByteArray::fromStdString(meta.value("resourceVersion", std::string("0"))).toULongLong();
            loaded.resourceVersion = std::max(loaded.resourceVersion, rv);
            auto it = index.find(key);
            if (it == index.end()) {
                index.emplace(key, objects.size());
                objects.emplace_back(record.value("r", std::string()), std::move(object));
                alive.push_back(true);
            } else {
                objects[it->second].second = std::move(object);
                alive[it->second] = true;
            }
        } else if (op == "del") {
            const std::string key = record.value("r", std::string()) + '\n' + record.value("k", std::string());
            loaded.resourceVersion = std::max<quint64>(loaded.resourceVersion, record.value("rv", quint64(0)));
            if (auto it = index.find(key); it != index.end())
                alive[it->second] = false;
        }
    }
    for (size_t i = 0; i < objects.size(); ++i)
        if (alive[i])
            loaded.objects.push_back(std::move(objects[i]));
    return loaded;
}

util::Result<void> Persistence::compact(const std::function<void(const ObjectVisitor&)>& forEach,
                                        quint64 resourceVersion) {
    if (!QDir().mkpath(m_dataDir))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot create the data directory"), m_dataDir);
    m_log.close();
    QSaveFile out(QDir(m_dataDir).filePath(logName()));
    if (!out.open(QIODevice::WriteOnly))
        return util::fail(util::ErrorCode::Generic, out.errorString(), out.fileName());
    Json rv{{"op", "rv"}, {"rv", resourceVersion}};
    out.write(QByteArray::fromStdString(rv.dump()) + '\n');
    forEach([&](const std::string& storeId, const Json& object) {
        Json record = Json::object();
        record["op"] = "put";
        record["r"] = storeId;
        record["o"] = object;
        out.write(QByteArray::fromStdString(record.dump()) + '\n');
    });
    if (!out.commit())
        return util::fail(util::ErrorCode::Generic, out.errorString(), out.fileName());
    m_log.setFileName(QDir(m_dataDir).filePath(logName()));
    if (!m_log.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return util::fail(util::ErrorCode::Generic, m_log.errorString(), m_log.fileName());
    m_records = 0;
    return {};
}

void Persistence::append(const Json& record) {
    if (!m_log.isOpen())
        return;
    m_log.write(QByteArray::fromStdString(record.dump()) + '\n'); // one write(2) per record
    ++m_records;
}

void Persistence::recordPut(const std::string& storeId, const Json& object) {
    Json record = Json::object();
    record["op"] = "put";
    record["r"] = storeId;
    record["o"] = object;
    append(record);
}

void Persistence::recordDelete(const std::string& storeId, const std::string& key, quint64 resourceVersion) {
    append(Json{{"op", "del"}, {"r", storeId}, {"k", key}, {"rv", resourceVersion}});
}

} // namespace syncline::devcluster
