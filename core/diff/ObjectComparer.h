#pragma once

#include "diff/FieldChange.h"
#include "diff/FieldFilter.h"
#include "diff/Normalizer.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace syncline::diff {

// Field-by-field comparison of two objects, left (desired/target) against right
// (live/current). The rules that keep a trusted diff free of noise:
//  - fields dropped by the FieldFilter, and metadata.name/namespace (pairing already
//    matched them), are not compared;
//  - onlyLeftFields: fields the right side has and the left does not set are defaults,
//    not differences; a left field set to null, false, 0, "" or an empty map/list that
//    the right side lacks is equal (the API server omits empty values). In full mode only
//    null and empty maps/lists equal an absent field;
//  - scalars follow YAML 1.2: 3 and "3" differ, 1 and 1.0 are equal; resource quantities
//    under limits/requests/hard/overhead compare by amount ("500m" == 0.5, 1 == "1");
//  - lists of maps with a merge key (containers, env, ports, volumes, volumeMounts, ...)
//    pair items by key, so order and server-added fields in items do not matter; items
//    only the right side has are Removed. Other lists of maps compare by position; lists
//    of scalars compare as a whole, in order.
// Walking allocates nothing unless it records a change.
class ObjectComparer {
public:
    struct Settings {
        bool onlyLeftFields = true;
        const RenameMap* leftRenames = nullptr;
        const RenameMap* rightRenames = nullptr;
        std::size_t maxChanges = 1000;
    };

    explicit ObjectComparer(const Settings& settings);

    // Appends the differences to `changes`; returns true when there are none. `maskData`:
    // the objects are masked Secrets, changes under /data show "<changed>". One comparer
    // serves many pairs (its path buffer is reused).
    bool compare(const nlohmann::ordered_json& left, const nlohmann::ordered_json& right, const FieldFilter& filter,
                 bool maskData, std::vector<FieldChange>& changes);
    bool truncated() const { return m_truncated; }

    // The right object made comparable to the left for display (both normalized): with
    // onlyLeftFields only the fields the left sets; keyed list items in the left's order
    // (right-only items after them); values equal to the left's written as the left does.
    nlohmann::ordered_json project(const nlohmann::ordered_json& left, const nlohmann::ordered_json& right) const;

private:
    struct Where {
        std::string_view key;       // of this value in its parent map ("" for list items)
        std::string_view parentKey; // of the map that holds it
        int depth = 0;
        bool masked = false;
    };

    void compareValue(const nlohmann::ordered_json& l, const nlohmann::ordered_json& r, const FieldFilter::Node* node,
                      const Where& where);
    void compareObjects(const nlohmann::ordered_json& l, const nlohmann::ordered_json& r, const FieldFilter::Node* node,
                        const Where& where);
    void compareArrays(const nlohmann::ordered_json& l, const nlohmann::ordered_json& r, const FieldFilter::Node* node,
                       const Where& where);
    bool leafEqual(const nlohmann::ordered_json& l, const nlohmann::ordered_json& r, std::string_view parentKey) const;
    bool isBlank(const nlohmann::ordered_json& value, const FieldFilter::Node* node) const;
    void record(FieldChangeKind kind, const nlohmann::ordered_json* l, const nlohmann::ordered_json* r, bool masked);
    std::size_t pushKeyedItem(std::string_view mergeKey, const nlohmann::ordered_json& keyValue);
    nlohmann::ordered_json projectValue(const nlohmann::ordered_json& l, const nlohmann::ordered_json& r, std::string_view key,
                                        std::string_view parentKey) const;

    Settings m_settings;
    bool m_maskData = false;
    std::vector<FieldChange>* m_changes = nullptr;
    std::string m_path;
    bool m_truncated = false;
};

} // namespace syncline::diff
