#pragma once

#include <QString>

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

// Read-only accessors over an unstructured Kubernetes object, shared by the per-kind
// health rules. None of them throws: a missing field or one of the wrong type reads as
// absent, so a half-written or unusual object yields a verdict, never an exception.
namespace syncline::health::fields {

using Path = std::initializer_list<const char*>;

// The value at `path` ("status", "loadBalancer", "ingress"), or nullptr.
const nlohmann::json* find(const nlohmann::json& object, Path path);

QString string(const nlohmann::json& object, Path path, const QString& fallback = {});
std::optional<qint64> integer(const nlohmann::json& object, Path path);
qint64 integer(const nlohmann::json& object, Path path, qint64 fallback);
bool boolean(const nlohmann::json& object, Path path);
// Number of elements of the array at `path` (0 when absent or not an array).
std::size_t arraySize(const nlohmann::json& object, Path path);

// One entry of status.conditions (the shape every built-in and most custom kinds share).
struct Condition {
    QString type;
    QString status; // "True" | "False" | "Unknown"
    QString reason;
    QString message;

    bool isTrue() const { return status == QLatin1String("True"); }
    bool isFalse() const { return status == QLatin1String("False"); }
};

std::vector<Condition> conditions(const nlohmann::json& object);
// Reads conditions from an array (status.conditions or an annotation's JSON).
std::vector<Condition> conditionsFrom(const nlohmann::json& array);
std::optional<Condition> condition(const nlohmann::json& object, const char* type);

QString kind(const nlohmann::json& object);
QString name(const nlohmann::json& object);
// "apps" for "apps/v1", "" for "v1".
QString group(const nlohmann::json& object);

// "reason: message", or whichever of the two is set.
QString reasonAndMessage(const QString& reason, const QString& message);

} // namespace syncline::health::fields
