#include "workspace/YamlDocumentStarts.h"

#include <sstream>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace syncline::workspace {

namespace {

// Records where each document starts and where its root node is; ignores the rest.
class DocumentStartRecorder final : public YAML::EventHandler {
public:
    std::vector<YAML::Mark> starts;
    std::vector<YAML::Mark> roots;

    void OnDocumentStart(const YAML::Mark& mark) override {
        starts.push_back(mark);
        m_rootSeen = false;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override { node(mark); }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        node(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        node(mark);
    }
    void OnMapEnd() override {}

private:
    void node(const YAML::Mark& mark) {
        if (!m_rootSeen)
            roots.push_back(mark);
        m_rootSeen = true;
    }
    bool m_rootSeen = false;
};

} // namespace

YamlDocumentStarts YamlDocumentStarts::of(const std::string& text, int limit) {
    std::istringstream input(text);
    YAML::Parser parser(input);
    DocumentStartRecorder recorder;
    YamlDocumentStarts result;
    while (parser.HandleNextDocument(recorder)) {
        const std::size_t count = recorder.starts.size();
        if (count >= 2 && recorder.starts[count - 1].pos == recorder.starts[count - 2].pos) {
            result.stuckAt = recorder.starts.back();
            break;
        }
        if (count >= std::size_t(limit))
            break;
    }
    result.roots = std::move(recorder.roots);
    return result;
}

} // namespace syncline::workspace
