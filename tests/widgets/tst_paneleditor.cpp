#include "dashboard/panelregistration.h"
#include "document/editcommands.h"
#include "editing/colorfield.h"
#include "editing/paneleditor.h"
#include "editing/queryeditor.h"
#include "editing/seriespicker.h"
#include "editing/thresholdlisteditor.h"
#include "editing/valuemappinglisteditor.h"
#include "panels/panelwidget.h"
#include "store/rollingstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTimer>

using namespace pulse;
using namespace pulse::ui;
using namespace Qt::StringLiterals;

namespace {

layout::Query queryOf(const char* selector, Field field)
{
    layout::Query query;
    query.selector = *SeriesSelector::parse(selector).selector;
    query.field = field;
    return query;
}

/** A stat panel that uses nearly every property. */
layout::Panel richPanel()
{
    layout::Panel panel;
    panel.type = layout::PanelType::Stat;
    panel.title = u"API latency"_s;
    panel.description = u"p99 over the api hosts\nsecond line"_s;
    panel.x = 6;
    panel.y = 2;
    panel.w = 8;
    panel.h = 5;
    layout::Query first = queryOf("http.latency{service=api,host=*}", Field::P99);
    first.window = { layout::WindowKind::Sliding, 60'000, 10'000 };
    first.groupBy = u"host"_s;
    first.legend = u"{{host}} p99"_s;
    layout::Query second = queryOf("http.errors", Field::Rate);
    panel.queries = { first, second };
    panel.unit = { layout::UnitKind::Custom, u"jobs"_s };
    panel.isAutoScaled = false;
    panel.decimals = 2;
    panel.min = -5;
    panel.max = 250.5;
    panel.thresholds = { { 100, u"#fade2a"_s, layout::ThresholdSeverity::Warning },
        { 200, u"#f2495c"_s, layout::ThresholdSeverity::Critical } };
    layout::ValueMapping exact;
    exact.value = 0;
    exact.text = u"idle"_s;
    layout::ValueMapping range;
    range.isRange = true;
    range.from = 1;
    range.to = 10;
    range.text = u"low"_s;
    range.color = u"#00ff00"_s;
    panel.valueMappings = { exact, range };
    panel.staleAfterMs = 30'000;
    return panel;
}

template <typename T> T* child(const QObject* parent, const QString& name)
{
    T* found = parent->findChild<T*>(name);
    if (!found)
        qWarning("no child %s", qPrintable(name));
    return found;
}

QPushButton* okButton(const PanelEditor& editor)
{
    return editor.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

QString problemText(const PanelEditor& editor)
{
    return editor.findChild<QLabel*>(u"problems"_s)->text();
}

bool hasProblemAt(const PanelEditor& editor, const QString& path, layout::ProblemSeverity severity)
{
    const auto& problems = editor.problems();
    return std::any_of(problems.begin(), problems.end(),
        [&](const layout::LayoutProblem& p) { return p.path == path && p.severity == severity; });
}

/** The next widget Tab reaches after `widget`. */
QWidget* nextTabStop(QWidget* widget)
{
    QWidget* next = widget->nextInFocusChain();
    while (next != widget && (!(next->focusPolicy() & Qt::TabFocus) || next->focusProxy()))
        next = next->nextInFocusChain();
    return next;
}

} // namespace

class TestPanelEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMorePanelTypes(); }

    void aPanelComesBackUnchanged()
    {
        const layout::Panel panel = richPanel();
        PanelEditor editor(panel);
        QVERIFY2(!editor.hasErrors(), qPrintable(problemText(editor)));
        QVERIFY(okButton(editor)->isEnabled());
        QVERIFY(isSamePanel(editor.panel(), panel));
        QCOMPARE(editor.queryCount(), 2);
        QCOMPARE(editor.previewWidget()->panel().title, panel.title);
        QCOMPARE(child<QLineEdit>(&editor, u"unitSuffix"_s)->text(), u"jobs"_s);
        QCOMPARE(child<QLineEdit>(&editor, u"staleAfter"_s)->text(), u"30s"_s);
        QCOMPARE(editor.queryEditor(0)->findChild<QLineEdit*>(u"windowSlide"_s)->text(), u"10s"_s);
    }

    void editingFieldsUpdatesThePanelAndThePreview()
    {
        PanelEditor editor(richPanel());
        QSignalSpy edited(&editor, &PanelEditor::panelEdited);

        auto* title = child<QLineEdit>(&editor, u"title"_s);
        title->clear();
        QTest::keyClicks(title, u"Checkout p99"_s);
        QCOMPARE(editor.panel().title, u"Checkout p99"_s);
        QCOMPARE(editor.previewWidget()->panel().title, u"Checkout p99"_s);
        QVERIFY(edited.size() >= 1);

        auto* unit = child<QComboBox>(&editor, u"unit"_s);
        unit->setCurrentIndex(unit->findData(static_cast<int>(layout::UnitKind::Milliseconds)));
        QCOMPARE(editor.panel().unit.kind, layout::UnitKind::Milliseconds);
        QCOMPARE(editor.panel().unit.customSuffix, QString());
        QVERIFY(!child<QLineEdit>(&editor, u"unitSuffix"_s)->isEnabled());
        QCOMPARE(editor.previewWidget()->panel().unit.kind, layout::UnitKind::Milliseconds);

        child<QCheckBox>(&editor, u"autoScale"_s)->setChecked(true);
        QVERIFY(editor.panel().isAutoScaled);
        child<QSpinBox>(&editor, u"decimals"_s)->setValue(-1);
        QVERIFY(!editor.panel().decimals.has_value());
        child<QLineEdit>(&editor, u"min"_s)->clear();
        QVERIFY(!editor.panel().min.has_value());
        child<QLineEdit>(&editor, u"staleAfter"_s)->setText(u"2m"_s);
        QCOMPARE(editor.panel().staleAfterMs, std::optional<std::int64_t>(120'000));

        QueryEditor* query = editor.queryEditor(1);
        auto* field = query->findChild<QComboBox*>(u"field"_s);
        field->setCurrentIndex(field->findData(static_cast<int>(Field::Count)));
        query->findChild<QLineEdit*>(u"groupBy"_s)->setText(u"region"_s);
        QCOMPARE(editor.panel().queries.at(1).field, Field::Count);
        QCOMPARE(editor.panel().queries.at(1).groupBy, u"region"_s);
        QCOMPARE(editor.previewWidget()->panel().queries.at(1).groupBy, u"region"_s);

        // Grid position is the dashboard's business, not the editor's.
        QCOMPARE(QRect(editor.panel().x, editor.panel().y, editor.panel().w, editor.panel().h), QRect(6, 2, 8, 5));
        QVERIFY(!editor.hasErrors());
    }

    void invalidInputIsListedAndDisablesOk_data()
    {
        QTest::addColumn<QString>("widget"); // objectName, in query 0 when it starts with "q:"
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("path");
        QTest::addRow("selector that does not parse")
            << u"q:selector"_s << u"http.*{service="_s << u"queries[0].selector"_s;
        QTest::addRow("empty selector") << u"q:selector"_s << QString() << u"queries[0].selector"_s;
        QTest::addRow("window size that is not a duration")
            << u"q:windowSize"_s << u"ten"_s << u"queries[0].window.size"_s;
        QTest::addRow("slide that does not divide the size (core)")
            << u"q:windowSlide"_s << u"7s"_s << u"queries[0].window.slide"_s;
        QTest::addRow("sub-second window (core)") << u"q:windowSize"_s << u"1500ms"_s << u"queries[0].window.size"_s;
        QTest::addRow("group-by with spaces (core)") << u"q:groupBy"_s << u" host"_s << u"queries[0].groupBy"_s;
        QTest::addRow("unclosed legend tag (core)") << u"q:legend"_s << u"{{host"_s << u"queries[0].legend"_s;
        QTest::addRow("min that is not a number") << u"min"_s << u"lots"_s << u"min"_s;
        QTest::addRow("max not above min (core)") << u"max"_s << u"-10"_s << u"max"_s;
        QTest::addRow("stale after that is not a duration") << u"staleAfter"_s << u"soon"_s << u"staleAfter"_s;
    }
    void invalidInputIsListedAndDisablesOk()
    {
        QFETCH(QString, widget);
        QFETCH(QString, text);
        QFETCH(QString, path);
        PanelEditor editor(richPanel());
        QVERIFY(okButton(editor)->isEnabled());
        QLineEdit* edit = widget.startsWith(u"q:"_s) ? editor.queryEditor(0)->findChild<QLineEdit*>(widget.mid(2))
                                                     : child<QLineEdit>(&editor, widget);
        QVERIFY(edit);
        const QString original = edit->text();

        edit->setText(text);
        QVERIFY2(hasProblemAt(editor, path, layout::ProblemSeverity::Error), qPrintable(problemText(editor)));
        QVERIFY(editor.hasErrors());
        QVERIFY(!okButton(editor)->isEnabled());
        QVERIFY2(problemText(editor).contains(u"Error: "_s + path + u": "_s), qPrintable(problemText(editor)));
        QVERIFY(child<QLabel>(&editor, u"problems"_s)->isVisibleTo(&editor));
        editor.accept(); // refused while there are errors
        QCOMPARE(editor.result(), int(QDialog::Rejected));

        edit->setText(original);
        QVERIFY2(!editor.hasErrors(), qPrintable(problemText(editor)));
        QVERIFY(okButton(editor)->isEnabled());
        QVERIFY(isSamePanel(editor.panel(), richPanel()));
    }

    void thresholdsAreEditedAsRowsAndMustAscend()
    {
        PanelEditor editor(richPanel());
        auto* thresholds = child<ThresholdListEditor>(&editor, u"thresholds"_s);
        QCOMPARE(thresholds->rowCount(), 2);

        QTest::mouseClick(thresholds->addButton(), Qt::LeftButton);
        QCOMPARE(thresholds->rowCount(), 3);
        QCOMPARE(editor.panel().thresholds.size(), std::size_t(3));
        QCOMPARE(editor.panel().thresholds.back().value, 210.0);
        QCOMPARE(editor.panel().thresholds.back().severity, layout::ThresholdSeverity::Critical);

        const auto values = thresholds->findChildren<QLineEdit*>(u"thresholdValue"_s);
        QCOMPARE(values.size(), 3);
        values.at(2)->setText(u"150"_s); // below the previous one
        QVERIFY2(hasProblemAt(editor, u"thresholds[2].value"_s, layout::ProblemSeverity::Error),
            qPrintable(problemText(editor)));
        QVERIFY(!okButton(editor)->isEnabled());
        values.at(2)->setText(u"300"_s);
        QVERIFY(!editor.hasErrors());

        const auto colours = thresholds->findChildren<ColorField*>(u"thresholdColor"_s);
        colours.at(0)->setText(u"#12"_s);
        QVERIFY(hasProblemAt(editor, u"thresholds[0].color"_s, layout::ProblemSeverity::Error));
        colours.at(0)->setText(u"#A0B0C0"_s);
        QVERIFY(!editor.hasErrors());
        QCOMPARE(editor.panel().thresholds.front().color, u"#a0b0c0"_s);

        // A default colour follows the severity; a chosen one stays.
        const auto severities = thresholds->findChildren<QComboBox*>(u"thresholdSeverity"_s);
        severities.at(1)->setCurrentIndex(severities.at(1)->findData(int(layout::ThresholdSeverity::Ok)));
        QCOMPARE(editor.panel().thresholds.at(1).severity, layout::ThresholdSeverity::Ok);
        QCOMPARE(editor.panel().thresholds.at(1).color, defaultSeverityColor(layout::ThresholdSeverity::Ok));
        severities.at(0)->setCurrentIndex(severities.at(0)->findData(int(layout::ThresholdSeverity::Critical)));
        QCOMPARE(editor.panel().thresholds.at(0).color, u"#a0b0c0"_s);

        const auto removes = thresholds->findChildren<QPushButton*>(u"removeThreshold"_s);
        QTest::mouseClick(removes.at(0), Qt::LeftButton);
        QCOMPARE(thresholds->rowCount(), 2);
        QCOMPARE(editor.panel().thresholds.size(), std::size_t(2));
        QCOMPARE(editor.panel().thresholds.front().value, 200.0);
        QCOMPARE(editor.previewWidget()->panel().thresholds.size(), std::size_t(2));
    }

    void valueMappingsNeedANumberAndATextOrColour()
    {
        PanelEditor editor(richPanel());
        auto* mappings = child<ValueMappingListEditor>(&editor, u"valueMappings"_s);
        QCOMPARE(mappings->rowCount(), 2);
        QCOMPARE(editor.panel().valueMappings.at(1).isRange, true);

        mappings->addRow();
        QCOMPARE(editor.panel().valueMappings.size(), std::size_t(3));
        auto texts = mappings->findChildren<QLineEdit*>(u"mappingText"_s);
        texts.at(2)->clear();
        QVERIFY(hasProblemAt(editor, u"valueMappings[2]"_s, layout::ProblemSeverity::Error));
        mappings->findChildren<ColorField*>(u"mappingColor"_s).at(2)->setText(u"#0000ff"_s);
        QVERIFY(!editor.hasErrors());

        auto* kind = mappings->findChildren<QComboBox*>(u"mappingKind"_s).at(2);
        kind->setCurrentIndex(1); // a range
        auto* from = mappings->findChildren<QLineEdit*>(u"mappingFrom"_s).at(2);
        auto* to = mappings->findChildren<QLineEdit*>(u"mappingTo"_s).at(2);
        QVERIFY(from->isVisibleTo(mappings)
            && !mappings->findChildren<QLineEdit*>(u"mappingValue"_s).at(2)->isVisibleTo(mappings));
        from->setText(u"50"_s);
        to->setText(u"x"_s);
        QVERIFY(hasProblemAt(editor, u"valueMappings[2].to"_s, layout::ProblemSeverity::Error));
        to->setText(u"40"_s); // below from: core says so
        QVERIFY2(hasProblemAt(editor, u"valueMappings[2].to"_s, layout::ProblemSeverity::Error),
            qPrintable(problemText(editor)));
        to->setText(u"60"_s);
        QVERIFY(!editor.hasErrors());
        const layout::ValueMapping& added = editor.panel().valueMappings.at(2);
        QVERIFY(added.isRange);
        QCOMPARE(added.from, 50.0);
        QCOMPARE(added.to, 60.0);
        QCOMPARE(added.color, u"#0000ff"_s);
        QCOMPARE(added.text, QString());
    }

    void changingTheTypeRebuildsThePreviewAndTheOptions()
    {
        PanelEditor editor(richPanel());
        QCOMPARE(editor.previewWidget()->panel().type, layout::PanelType::Stat);
        QVERIFY(child<QPlainTextEdit>(&editor, u"content"_s)->parentWidget()->isHidden());
        auto* type = child<QComboBox>(&editor, u"type"_s);

        type->setCurrentIndex(type->findData(int(layout::PanelType::Text)));
        QCOMPARE(editor.panel().type, layout::PanelType::Text);
        QCOMPARE(editor.previewWidget()->panel().type, layout::PanelType::Text);
        QVERIFY(editor.panel().queries.empty()); // text panels have none
        auto* content = child<QPlainTextEdit>(&editor, u"content"_s);
        QVERIFY(!content->parentWidget()->isHidden()); // the text options group
        content->setPlainText(u"Runbook: restart the api"_s);
        QCOMPARE(editor.panel().options.content, u"Runbook: restart the api"_s);
        QCOMPARE(editor.previewWidget()->panel().options.content, u"Runbook: restart the api"_s);

        type->setCurrentIndex(type->findData(int(layout::PanelType::Bargauge)));
        QCOMPARE(editor.panel().queries.size(), std::size_t(2)); // the queries were kept for types that use them
        auto* orientation = child<QComboBox>(&editor, u"orientation"_s);
        orientation->setCurrentIndex(orientation->findData(int(layout::Orientation::Vertical)));
        QCOMPARE(editor.panel().options.orientation, layout::Orientation::Vertical);
        QCOMPARE(editor.previewWidget()->panel().type, layout::PanelType::Bargauge);

        type->setCurrentIndex(type->findData(int(layout::PanelType::Table)));
        auto* columns = child<QListWidget>(&editor, u"columns"_s);
        QCOMPARE(editor.panel().options.columns, std::vector<Field> { Field::Last });
        for (int i = 0; i < columns->count(); ++i)
            columns->item(i)->setCheckState(Qt::Unchecked);
        QVERIFY(hasProblemAt(editor, u"options.columns"_s, layout::ProblemSeverity::Error));
        QVERIFY(!okButton(editor)->isEnabled());
        // Check p99 then rate, and move rate up above p99.
        const auto itemFor = [&](Field field) {
            for (int i = 0; i < columns->count(); ++i)
                if (columns->item(i)->data(Qt::UserRole).toInt() == int(field))
                    return i;
            return -1;
        };
        columns->item(itemFor(Field::P99))->setCheckState(Qt::Checked);
        columns->item(itemFor(Field::Rate))->setCheckState(Qt::Checked);
        QCOMPARE(editor.panel().options.columns, (std::vector<Field> { Field::Rate, Field::P99 }));
        columns->setCurrentRow(itemFor(Field::P99));
        QPushButton* up = nullptr;
        for (QPushButton* button : editor.findChildren<QPushButton*>())
            if (button->text() == u"Move &Up"_s)
                up = button;
        QVERIFY(up);
        while (itemFor(Field::P99) > 0)
            QTest::mouseClick(up, Qt::LeftButton);
        QCOMPARE(editor.panel().options.columns, (std::vector<Field> { Field::P99, Field::Rate }));
        QVERIFY(!editor.hasErrors());
    }

    void queriesAreAddedAndRemoved()
    {
        layout::Panel panel = richPanel();
        panel.type = layout::PanelType::Timeseries;
        panel.queries.clear();
        PanelEditor editor(panel);
        // No queries is allowed but worth a warning (from core).
        QVERIFY(hasProblemAt(editor, u"queries"_s, layout::ProblemSeverity::Warning));
        QVERIFY(!editor.hasErrors());
        QVERIFY(problemText(editor).startsWith(u"Warning: queries: "_s));

        auto* add = child<QPushButton>(&editor, u"addQuery"_s);
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(editor.queryCount(), 1);
        QCOMPARE(editor.panel().queries.at(0).selector.text(), std::string("*"));
        QVERIFY(!hasProblemAt(editor, u"queries"_s, layout::ProblemSeverity::Warning));
        editor.queryEditor(0)->setSelectorText(u"cpu{core=total}"_s);
        QTest::mouseClick(add, Qt::LeftButton); // a copy of the last one to vary
        QCOMPARE(editor.queryCount(), 2);
        QCOMPARE(editor.panel().queries.at(1).selector.text(), std::string("cpu{core=total}"));
        QCOMPARE(editor.queryEditor(1)->title(), u"Query 2"_s);

        editor.queryEditor(1)->setSelectorText(u"cpu{"_s);
        QVERIFY(hasProblemAt(editor, u"queries[1].selector"_s, layout::ProblemSeverity::Error));
        // Removing the first renumbers the second: its problem is now at queries[0].
        QTest::mouseClick(editor.queryEditor(0)->findChild<QPushButton*>(u"removeQuery"_s), Qt::LeftButton);
        QCOMPARE(editor.queryCount(), 1);
        QCOMPARE(editor.queryEditor(0)->title(), u"Query 1"_s);
        QVERIFY(hasProblemAt(editor, u"queries[0].selector"_s, layout::ProblemSeverity::Error));
        QCOMPARE(editor.panel().queries.size(), std::size_t(1));
    }

    void thePreviewIsFedOnEditsAndOnATimer()
    {
        PanelEditor editor(richPanel());
        int calls = 0;
        QString lastTitle;
        std::shared_ptr<const PanelData> lastData;
        editor.setDataProvider([&](const layout::Panel& panel) {
            ++calls;
            lastTitle = panel.title;
            auto data = std::make_shared<PanelData>();
            PanelLine line;
            line.label = u"web-1"_s;
            line.points = { { 1000, double(calls) } };
            line.lastValue = double(calls);
            data->lines = { line };
            data->freshness = PanelFreshness::Live;
            data->stamp = static_cast<std::uint64_t>(calls);
            lastData = data;
            return data;
        });
        QCOMPARE(calls, 1); // fed at once
        QCOMPARE(editor.previewWidget()->data(), lastData);

        child<QLineEdit>(&editor, u"title"_s)->setText(u"Edited"_s);
        QCOMPARE(calls, 2);
        QCOMPARE(lastTitle, u"Edited"_s);
        QCOMPARE(editor.previewWidget()->data(), lastData);

        // While shown, the preview follows the data without edits.
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        const int before = calls;
        QTRY_VERIFY(calls >= before + 2);
        QCOMPARE(editor.previewWidget()->data(), lastData);
        auto* timer = editor.findChild<QTimer*>(u"previewTimer"_s);
        QVERIFY(timer && timer->isActive());
        editor.hide(); // hidden: no more reads of the store
        QVERIFY(!timer->isActive());
    }

    void theStoreProviderEvaluatesTheEditedPanel()
    {
        constexpr TimestampMs kT0 = 1'699'999'980'000;
        ManualClock clock(kT0 + 10'000);
        StoreConfig config;
        config.resolutions = { { 1000, 120'000 } };
        RollingStore store(config, clock);
        for (SeriesId id : { 0u, 1u }) {
            auto info = std::make_shared<SeriesInfo>();
            info->id = id;
            info->type = MetricType::Gauge;
            info->name = "queue.depth";
            info->tags = { { "queue", id == 0 ? "mail" : "jobs" } };
            QVERIFY(store.addSeries(info));
        }
        for (int k = 0; k < 5; ++k) {
            WindowBatch batch;
            batch.spec = WindowSpec { 1000, 1000, false };
            batch.quantiles = config.quantiles;
            for (SeriesId id : { 0u, 1u }) {
                WindowResult r;
                r.series = id;
                r.type = MetricType::Gauge;
                r.startMs = kT0 + k * 1000;
                r.endMs = r.startMs + 1000;
                r.last = r.min = r.max = r.mean = r.sum = (id == 0 ? 10 : 20) + k;
                r.count = 1;
                batch.results.push_back(r);
            }
            QCOMPARE(store.append(0, batch), std::size_t(2));
        }

        layout::Panel panel;
        panel.type = layout::PanelType::Timeseries;
        layout::Query query = queryOf("queue.depth", Field::Last);
        query.window = { layout::WindowKind::Tumbling, 1000, 1000 };
        query.groupBy = u"queue"_s;
        panel.queries = { query };
        PanelEditor editor(panel);
        editor.setDataProvider(storeDataProvider(store, 300'000, clock));
        auto data = editor.previewWidget()->data();
        QVERIFY(data);
        QCOMPARE(data->lines.size(), std::size_t(2));
        QCOMPARE(data->lines[0].points.size(), std::size_t(5));

        // Narrowing the selector in the editor narrows the preview.
        editor.queryEditor(0)->setSelectorText(u"queue.depth{queue=mail}"_s);
        data = editor.previewWidget()->data();
        QCOMPARE(data->lines.size(), std::size_t(1));
        QCOMPARE(data->lines[0].lastValue, std::optional<double>(14));
    }

    void pickOpensTheSeriesPickerAndTakesItsSelector()
    {
        ManualClock clock;
        RollingStore store({}, clock);
        auto info = std::make_shared<SeriesInfo>();
        info->id = 0;
        info->name = "queue.depth";
        info->tags = { { "queue", "mail" } };
        QVERIFY(store.addSeries(info));

        PanelEditor editor(richPanel());
        editor.setStore(&store);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QTest::mouseClick(editor.queryEditor(1)->findChild<QPushButton*>(u"pick"_s), Qt::LeftButton);
        SeriesPicker* picker = nullptr;
        QTRY_VERIFY((picker = editor.findChild<SeriesPicker*>()) && picker->isVisible());
        QCOMPARE(picker->selectorText(), u"http.errors"_s); // starts from the query's selector
        QCOMPARE(picker->matchCount(), 0);
        picker->setSelectorText(u"queue.*{queue=mail}"_s);
        QCOMPARE(picker->matchCount(), 1);
        picker->accept();
        QCOMPARE(editor.queryEditor(1)->selectorText(), u"queue.*{queue=mail}"_s);
        QCOMPARE(editor.panel().queries.at(1).selector.text(), std::string("queue.*{queue=mail}"));
        QTRY_VERIFY(!editor.findChild<SeriesPicker*>()); // deleted on close
    }

    void everyControlHasALabelAndNewRowsTabBeforeTheButtons()
    {
        PanelEditor editor(richPanel());
        for (const QLabel* label : editor.findChildren<QLabel*>())
            if (label->text().contains(u'&'))
                QVERIFY2(label->buddy(), qPrintable(label->text()));

        // A query added later is reached by Tab before its Add button, not after the dialog's buttons.
        auto* add = child<QPushButton>(&editor, u"addQuery"_s);
        QTest::mouseClick(add, Qt::LeftButton);
        QueryEditor* added = editor.queryEditor(2);
        QCOMPARE(nextTabStop(added->findChild<QPushButton*>(u"removeQuery"_s)), add);
        QCOMPARE(nextTabStop(editor.queryEditor(1)->findChild<QPushButton*>(u"removeQuery"_s)),
            added->findChild<QLineEdit*>(u"selector"_s));
        auto* thresholds = child<ThresholdListEditor>(&editor, u"thresholds"_s);
        thresholds->addRow();
        const auto removes = thresholds->findChildren<QPushButton*>(u"removeThreshold"_s);
        QCOMPARE(nextTabStop(removes.back()), thresholds->addButton());
    }
};

QTEST_MAIN(TestPanelEditor)
#include "tst_paneleditor.moc"
