// Promote edits images: entries as text: everything else in the file stays byte for byte.
#include "actions/KustomizeImageEditor.h"

#include <QTest>

using syncline::actions::ImageEntry;
using syncline::actions::KustomizeImageEditor;

class TestKustomizeImageEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void changesOnlyTheTagValues() {
        const QByteArray target = "# prod: careful\n"
                                  "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                                  "kind: Kustomization\n"
                                  "images:\n"
                                  "- name: registry/api   # the API\n"
                                  "  newTag: \"1.0.0\"   # bumped by CI\n"
                                  "\n"
                                  "- name: registry/web\n"
                                  "  newTag: 2.0.0\n"
                                  "- name: registry/sidecar\n"
                                  "  newTag: '9.9'\n"
                                  "replicas:\n"
                                  "- name: api\n"
                                  "  count: 3\n";
        auto edited = KustomizeImageEditor::apply(target, {{"registry/api", "", "1.2.0", ""}, {"registry/web", "", "2.1.0", ""}},
                                                  QStringLiteral("k.yaml"));
        QVERIFY2(edited, edited ? "" : qPrintable(edited.error().toString()));
        QByteArray expected = target;
        expected.replace("newTag: \"1.0.0\"", "newTag: \"1.2.0\"").replace("newTag: 2.0.0", "newTag: 2.1.0");
        QCOMPARE(edited->text, expected);
        const QStringList& changes = edited->changes;
        QCOMPARE(changes.size(), 2);
        QVERIFY(changes.first().contains(QLatin1String("1.0.0 -> 1.2.0")));
    }

    void addsFieldsAndEntries() {
        const QByteArray target =
            "resources:\n  - ../../base\nimages:\n  - name: registry/api\n    newTag: 1.0.0\nnamespace: x\n";
        auto edited = KustomizeImageEditor::apply(
            target, {{"registry/api", "mirror/api", "1.1.0", ""}, {"registry/new", "", "", "sha256:abc"}},
            QStringLiteral("k.yaml"));
        QVERIFY2(edited, edited ? "" : qPrintable(edited.error().toString()));
        QCOMPARE(edited->text,
                 QByteArray("resources:\n  - ../../base\nimages:\n  - name: registry/api\n    newTag: 1.1.0\n"
                            "    newName: mirror/api\n  - name: registry/new\n    digest: sha256:abc\nnamespace: x\n"));
    }

    void digestReplacesTag() {
        const QByteArray target = "images:\n- name: registry/api\n  newTag: 1.0.0\n";
        auto edited = KustomizeImageEditor::apply(target, {{"registry/api", "", "", "sha256:0123"}}, QStringLiteral("k.yaml"));
        QVERIFY2(edited, edited ? "" : qPrintable(edited.error().toString()));
        QCOMPARE(edited->text, QByteArray("images:\n- name: registry/api\n  digest: sha256:0123\n"));
    }

    void appendsAnImagesListWhenThereIsNone() {
        const QByteArray target = "resources:\n- a.yaml\n";
        auto edited = KustomizeImageEditor::apply(target, {{"registry/api", "", "1.0", ""}}, QStringLiteral("k.yaml"));
        QVERIFY2(edited, edited ? "" : qPrintable(edited.error().toString()));
        // "1.0" would read as a number: quoted.
        QCOMPARE(edited->text, QByteArray("resources:\n- a.yaml\nimages:\n- name: registry/api\n  newTag: \"1.0\"\n"));
        auto images = KustomizeImageEditor::readImages(edited->text, QStringLiteral("k.yaml"));
        QVERIFY(images);
        QCOMPARE(images->at(0).newTag, std::string("1.0"));
    }

    void refusesFlowStyle() {
        auto edited =
            KustomizeImageEditor::apply("images: [{name: a, newTag: b}]\n", {{"a", "", "c", ""}}, QStringLiteral("k.yaml"));
        QVERIFY(!edited);
        QCOMPARE(edited.error().code, syncline::util::ErrorCode::Unsupported);
    }

    void unchangedWhenEqual() {
        const QByteArray target = "images:\n- name: a\n  newTag: b # same\n";
        auto edited = KustomizeImageEditor::apply(target, {{"a", "", "b", ""}}, QStringLiteral("k.yaml"));
        QVERIFY(edited);
        QCOMPARE(edited->text, target);
    }
};

QTEST_GUILESS_MAIN(TestKustomizeImageEditor)
#include "tst_kustomizeimageeditor.moc"
