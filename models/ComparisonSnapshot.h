#pragma once

#include "ComparisonRequest.h"
#include "diff/ResourceDiff.h"
#include "git/ObjectId.h"
#include "util/Error.h"

#include <vector>

namespace syncline::models {

// One finished comparison, immutable once built on the worker. Left is the target side
// (Missing = only left), right the current side (Extra = only right), as in the engine.
struct ComparisonSnapshot {
    ComparisonRequest request;
    git::ObjectId leftCommit;
    git::ObjectId rightCommit;
    QString leftRenderer; // "kustomize (native)", ...
    QString rightRenderer;
    std::size_t leftObjects = 0;
    std::size_t rightObjects = 0;
    // Rendering is partial: files that failed are listed here, the rest still compares.
    std::vector<util::Error> leftErrors;
    std::vector<util::Error> rightErrors;
    diff::DiffResult result;
};

} // namespace syncline::models
