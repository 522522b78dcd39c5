#include "activity/ActivityEntry.h"

#include <pwd.h>
#include <unistd.h>

namespace syncline::activity {

namespace {

const char* const kTextFields[] = {"user", "kind", "what", "result", "repository", "environment", "commit", "cluster"};

std::string bounded(const QString& text) { return text.left(ActivityEntry::kMaxFieldChars).toStdString(); }

// The text field `name` of an entry, const or not.
template <typename Entry> auto fieldOf(Entry& entry, std::string_view name) -> decltype(&entry.user) {
    if (name == "user")
        return &entry.user;
    if (name == "kind")
        return &entry.kind;
    if (name == "what")
        return &entry.what;
    if (name == "result")
        return &entry.result;
    if (name == "repository")
        return &entry.repository;
    if (name == "environment")
        return &entry.environment;
    if (name == "commit")
        return &entry.commit;
    return &entry.cluster;
}

} // namespace

nlohmann::json ActivityEntry::toJson() const {
    nlohmann::json json = {{"time", time.toUTC().toString(Qt::ISODateWithMs).toStdString()}, {"succeeded", succeeded}};
    for (const char* name : kTextFields)
        if (const QString* value = fieldOf(*this, name); !value->isEmpty())
            json[name] = bounded(*value);
    return json;
}

util::Result<ActivityEntry> ActivityEntry::fromJson(const nlohmann::json& json) {
    auto invalid = [](const QString& why) { return util::fail(util::ErrorCode::Corrupt, why, QStringLiteral("activity")); };
    if (!json.is_object())
        return invalid(QStringLiteral("an entry is not an object"));
    ActivityEntry entry;
    const auto time = json.find("time");
    if (time == json.end() || !time->is_string())
        return invalid(QStringLiteral("an entry has no time"));
    entry.time = QDateTime::fromString(QString::fromStdString(time->get<std::string>()), Qt::ISODateWithMs);
    if (!entry.time.isValid())
        return invalid(QStringLiteral("an entry's time is not an ISO 8601 time"));
    const auto succeeded = json.find("succeeded");
    entry.succeeded = succeeded != json.end() && succeeded->is_boolean() && succeeded->get<bool>();
    for (const char* name : kTextFields) {
        const auto value = json.find(name);
        if (value == json.end())
            continue;
        if (!value->is_string())
            return invalid(QStringLiteral("an entry's %1 is not text").arg(QLatin1String(name)));
        *fieldOf(entry, name) = QString::fromStdString(value->get<std::string>()).left(kMaxFieldChars);
    }
    if (entry.kind.isEmpty())
        return invalid(QStringLiteral("an entry has no kind"));
    return entry;
}

ActivityEntry ActivityEntry::now(const QString& kind, const QString& what) {
    ActivityEntry entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.user = currentUser();
    entry.kind = kind;
    entry.what = what;
    return entry;
}

QString ActivityEntry::currentUser() {
    if (const passwd* account = getpwuid(getuid()); account && account->pw_name)
        return QString::fromLocal8Bit(account->pw_name);
    return qEnvironmentVariable("USER");
}

} // namespace syncline::activity
