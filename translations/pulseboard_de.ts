<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>main</name>
    <message>
        <source>cannot write the screenshot %1: %2</source>
        <translation>Bildschirmfoto %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>--screen %1: no such screen; there are %2:</source>
        <translation>--screen %1: diesen Bildschirm gibt es nicht; vorhanden sind %2:</translation>
    </message>
    <message>
        <source>a source failed to start: %1</source>
        <translation>eine Quelle konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>--screen: the playlist&apos;s screens section already places the windows; leave --screen out</source>
        <translation>--screen: der screens-Abschnitt der Wiedergabeliste platziert die Fenster bereits; --screen weglassen</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::DashboardController</name>
    <message>
        <source>history database: %1</source>
        <translation>Verlaufsdatenbank: %1</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::HoldBanner</name>
    <message>
        <source>Hold</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>⏸ HOLD — live data paused %1 (press Pause to return to live)</source>
        <translation>⏸ ANGEHALTEN — Live-Daten pausiert %1 (Pause drücken, um zu Live zurückzukehren)</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::MainWindow</name>
    <message>
        <source>Last %1</source>
        <translation>Letzte %1</translation>
    </message>
    <message>
        <source>&amp;New Dashboard</source>
        <translation>&amp;Neues Dashboard</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Add Panel…</source>
        <translation>Panel &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit Panel…</source>
        <translation>Panel &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>D&amp;uplicate Panel</source>
        <translation>Panel &amp;duplizieren</translation>
    </message>
    <message>
        <source>&amp;Remove Panel</source>
        <translation>Panel ent&amp;fernen</translation>
    </message>
    <message>
        <source>Dashboard &amp;Settings…</source>
        <translation>Dashboard-&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Dark Theme</source>
        <translation>&amp;Dunkles Design</translation>
    </message>
    <message>
        <source>&amp;Light Theme</source>
        <translation>&amp;Helles Design</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Pulseboard</source>
        <translation>Ü&amp;ber Pulseboard</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>unsaved</source>
        <translation>nicht gespeichert</translation>
    </message>
    <message>
        <source>Untitled dashboard</source>
        <translation>Unbenanntes Dashboard</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>Layout not opened</source>
        <translation>Layout nicht geöffnet</translation>
    </message>
    <message>
        <source>Layout opened with problems</source>
        <translation>Layout mit Problemen geöffnet</translation>
    </message>
    <message>
        <source>%1 could not be opened.</source>
        <translation>%1 konnte nicht geöffnet werden.</translation>
    </message>
    <message numerus="yes">
        <source>%1 was opened without the parts that are not valid: %n problem(s).</source>
        <translation>
            <numerusform>%1 wurde ohne die ungültigen Teile geöffnet: %n Problem.</numerusform>
            <numerusform>%1 wurde ohne die ungültigen Teile geöffnet: %n Probleme.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>The dashboard has changes that are not saved. Save them first?</source>
        <translation>Das Dashboard hat ungespeicherte Änderungen. Zuerst speichern?</translation>
    </message>
    <message>
        <source>New dashboard</source>
        <translation>Neues Dashboard</translation>
    </message>
    <message>
        <source>Open Dashboard</source>
        <translation>Dashboard öffnen</translation>
    </message>
    <message>
        <source>Dashboard layouts (*.json);;All files (*)</source>
        <translation>Dashboard-Layouts (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Nicht gespeichert</translation>
    </message>
    <message>
        <source>The dashboard could not be saved to %1.</source>
        <translation>Das Dashboard konnte nicht unter %1 gespeichert werden.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Gespeichert: %1</translation>
    </message>
    <message>
        <source>Save Dashboard As</source>
        <translation>Dashboard speichern unter</translation>
    </message>
    <message>
        <source>New panel</source>
        <translation>Neues Panel</translation>
    </message>
    <message>
        <source>Add Panel</source>
        <translation>Panel hinzufügen</translation>
    </message>
    <message>
        <source>Edit Panel</source>
        <translation>Panel bearbeiten</translation>
    </message>
    <message>
        <source>About Pulseboard</source>
        <translation>Über Pulseboard</translation>
    </message>
    <message>
        <source>Pulseboard %1
Live metrics dashboards for control rooms.</source>
        <translation>Pulseboard %1
Live-Metrik-Dashboards für Leitstände.</translation>
    </message>
    <message>
        <source>default dashboard</source>
        <translation>Standard-Dashboard</translation>
    </message>
    <message>
        <source>%1 loaded %2</source>
        <translation>%1 geladen %2</translation>
    </message>
    <message>
        <source>&amp;Zoom Panel</source>
        <translation>Panel &amp;zoomen</translation>
    </message>
    <message>
        <source>&amp;Leave Zoom</source>
        <translation>Zoom &amp;verlassen</translation>
    </message>
    <message>
        <source>&amp;Hold (Freeze Panels)</source>
        <translation>&amp;Anhalten (Panels einfrieren)</translation>
    </message>
    <message>
        <source>&amp;Next Page</source>
        <translation>&amp;Nächste Seite</translation>
    </message>
    <message>
        <source>&amp;Previous Page</source>
        <translation>V&amp;orherige Seite</translation>
    </message>
    <message>
        <source>&amp;Acknowledge Alarm</source>
        <translation>Alarm &amp;quittieren</translation>
    </message>
    <message>
        <source>Page not shown: %1: %2</source>
        <translation>Seite nicht angezeigt: %1: %2</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::PlaylistRunner</name>
    <message>
        <source>⚠ ALARM: “%1” is critical — page %2 of %3 held; press A to acknowledge</source>
        <translation>⚠ ALARM: „%1“ ist kritisch — Seite %2 von %3 festgehalten; A drücken zum Quittieren</translation>
    </message>
    <message>
        <source>Page %1 of %2 · next in %3 s</source>
        <translation>Seite %1 von %2 · nächste in %3 s</translation>
    </message>
    <message>
        <source>untitled panel</source>
        <translation>unbenanntes Panel</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>Move the focused panel by one cell</source>
        <translation>Fokussiertes Panel um eine Zelle verschieben</translation>
    </message>
    <message>
        <source>%1 / %2 / %3 / %4</source>
        <translation>%1 / %2 / %3 / %4</translation>
    </message>
    <message>
        <source>Resize the focused panel by one cell</source>
        <translation>Größe des fokussierten Panels um eine Zelle ändern</translation>
    </message>
    <message>
        <source>Next / previous panel</source>
        <translation>Nächstes / vorheriges Panel</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <source>Time series: back to live</source>
        <translation>Zeitreihe: zurück zu Live</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::StatusStrip</name>
    <message>
        <source>Render tick: moves on every frame the dashboard draws</source>
        <translation>Render-Takt: bewegt sich mit jedem Frame, den das Dashboard zeichnet</translation>
    </message>
    <message>
        <source>No sources running</source>
        <translation>Keine Quellen aktiv</translation>
    </message>
    <message>
        <source>%1 lines/s</source>
        <translation>%1 Zeilen/s</translation>
    </message>
    <message>
        <source>⚠ %1 failed</source>
        <translation>⚠ %1 ausgefallen</translation>
    </message>
    <message>
        <source>↻ %1 reconnecting in %2 s</source>
        <translation>↻ %1 verbindet neu in %2 s</translation>
    </message>
    <message>
        <source>↻ %1 reconnecting</source>
        <translation>↻ %1 verbindet neu</translation>
    </message>
    <message>
        <source>◌ %1 down</source>
        <translation>◌ %1 getrennt</translation>
    </message>
    <message>
        <source>● %1 (%2)</source>
        <translation>● %1 (%2)</translation>
    </message>
    <message>
        <source>No sources</source>
        <translation>Keine Quellen</translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n Serie</numerusform>
            <numerusform>%n Serien</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ Source failed: %1</source>
        <translation>⚠ Quelle ausgefallen: %1</translation>
    </message>
    <message>
        <source>⧗ %1 loading</source>
        <translation>⧗ %1 lädt</translation>
    </message>
    <message>
        <source>⛁ history up · %1 rows/s</source>
        <translation>⛁ Verlauf verbunden · %1 Zeilen/s</translation>
    </message>
    <message>
        <source>⛁ history connecting</source>
        <translation>⛁ Verlauf verbindet</translation>
    </message>
    <message>
        <source>⛁ history down · retry in %1 s</source>
        <translation>⛁ Verlauf getrennt · neuer Versuch in %1 s</translation>
    </message>
    <message>
        <source>⛁ history down</source>
        <translation>⛁ Verlauf getrennt</translation>
    </message>
    <message numerus="yes">
        <source>%n rows spooled</source>
        <translation>
            <numerusform>%n Zeile zwischengespeichert</numerusform>
            <numerusform>%n Zeilen zwischengespeichert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n rows dropped</source>
        <translation>
            <numerusform>⚠ %n Zeile verworfen</numerusform>
            <numerusform>⚠ %n Zeilen verworfen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulse::ui::BarGaugePanel</name>
    <message>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ChartLegend</name>
    <message>
        <source>last %1</source>
        <translation>letzter %1</translation>
    </message>
    <message>
        <source>min %1</source>
        <translation>min %1</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>max %1</translation>
    </message>
    <message>
        <source>mean %1</source>
        <translation>Mittel %1</translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n Serie</numerusform>
            <numerusform>%n Serien</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulse::ui::ColorField</name>
    <message>
        <source>#rrggbb</source>
        <translation>#rrggbb</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Choose a colour</source>
        <translation>Farbe auswählen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Choose a Colour</source>
        <translation>Farbe auswählen</translation>
    </message>
</context>
<context>
    <name>pulse::ui::DashboardSettingsDialog</name>
    <message>
        <source>Last 5 minutes</source>
        <translation>Letzte 5 Minuten</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 6 hours</source>
        <translation>Letzte 6 Stunden</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last %1</source>
        <translation>Letzte %1</translation>
    </message>
    <message>
        <source>&amp;Add Listener</source>
        <translation>Listener &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Collect s&amp;ystem metrics (CPU, memory, network, disk)</source>
        <translation>S&amp;ystemmetriken erfassen (CPU, Speicher, Netzwerk, Festplatte)</translation>
    </message>
    <message>
        <source>Dashboard Settings</source>
        <translation>Dashboard-Einstellungen</translation>
    </message>
    <message>
        <source> Hz</source>
        <translation> Hz</translation>
    </message>
    <message>
        <source>How often panels redraw; lower rates use less CPU</source>
        <translation>Wie oft Panels neu gezeichnet werden; niedrigere Raten brauchen weniger CPU</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Desk (arm&apos;s length)</source>
        <translation>Schreibtisch (Armlänge)</translation>
    </message>
    <message>
        <source>Room (across a room)</source>
        <translation>Raum (quer durch den Raum)</translation>
    </message>
    <message>
        <source>Wall (large screen far away)</source>
        <translation>Wand (großer Bildschirm, weit entfernt)</translation>
    </message>
    <message>
        <source>Custom text size</source>
        <translation>Eigene Textgröße</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <source>Smallest text height</source>
        <translation>Kleinste Texthöhe</translation>
    </message>
    <message>
        <source>The smallest text height on screen, in millimetres</source>
        <translation>Die kleinste Texthöhe auf dem Bildschirm, in Millimetern</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>Time &amp;range:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>Re&amp;nder rate:</source>
        <translation>&amp;Bildrate:</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>D&amp;esign:</translation>
    </message>
    <message>
        <source>S&amp;mallest text:</source>
        <translation>&amp;Kleinste Schrift:</translation>
    </message>
    <message>
        <source>&amp;Display:</source>
        <translation>&amp;Anzeige:</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>UDP listeners (HOST:PORT, optionally /statsd or /influx):</source>
        <translation>UDP-Listener (HOST:PORT, optional /statsd oder /influx):</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>&amp;Every:</source>
        <translation>&amp;Intervall:</translation>
    </message>
    <message numerus="yes">
        <source>%n source(s) of a type this version does not know will be kept as they are.</source>
        <translation>
            <numerusform>%n Quelle eines Typs, den diese Version nicht kennt, bleibt unverändert erhalten.</numerusform>
            <numerusform>%n Quellen eines Typs, den diese Version nicht kennt, bleiben unverändert erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>e.g. 127.0.0.1:8125 or [::1]:8089/influx</source>
        <translation>z. B. 127.0.0.1:8125 oder [::1]:8089/influx</translation>
    </message>
    <message>
        <source>:PORT listens on 127.0.0.1 only; 0.0.0.0:PORT or [::]:PORT on every interface. The format is statsd unless /influx is given.</source>
        <translation>:PORT lauscht nur auf 127.0.0.1; 0.0.0.0:PORT oder [::]:PORT auf allen Schnittstellen. Das Format ist statsd, sofern nicht /influx angegeben ist.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Listener %1</source>
        <translation>Listener %1</translation>
    </message>
    <message>
        <source>Remove listener %1</source>
        <translation>Listener %1 entfernen</translation>
    </message>
    <message>
        <source>Add &amp;Kafka Source</source>
        <translation>&amp;Kafka-Quelle hinzufügen</translation>
    </message>
    <message>
        <source>Kafka source %1</source>
        <translation>Kafka-Quelle %1</translation>
    </message>
    <message>
        <source>Remove Kafka source %1</source>
        <translation>Kafka-Quelle %1 entfernen</translation>
    </message>
    <message>
        <source>e.g. 127.0.0.1:9092/metrics?group=wall-1&amp;format=statsd</source>
        <translation>z. B. 127.0.0.1:9092/metrics?group=wall-1&amp;format=statsd</translation>
    </message>
    <message>
        <source>BROKERS/TOPIC[,TOPIC2]?group=G&amp;format=statsd|influx|json&amp;from=latest|earliest. Give each display its own group. Secrets only as env:VAR or KEY.file=PATH, never literally.</source>
        <translation>BROKERS/TOPIC[,TOPIC2]?group=G&amp;format=statsd|influx|json&amp;from=latest|earliest. Jede Anzeige braucht ihre eigene Gruppe. Geheimnisse nur als env:VAR oder KEY.file=PFAD, nie im Klartext.</translation>
    </message>
    <message>
        <source>Kafka consumers (BROKERS/TOPIC?group=G&amp;&amp;format=statsd):</source>
        <translation>Kafka-Consumer (BROKERS/TOPIC?group=G&amp;&amp;format=statsd):</translation>
    </message>
    <message>
        <source>Kafka source %1: enter a URL such as 127.0.0.1:9092/metrics, or remove it</source>
        <translation>Kafka-Quelle %1: eine URL wie 127.0.0.1:9092/metrics eingeben oder die Zeile entfernen</translation>
    </message>
    <message>
        <source>Kafka source %1: %2</source>
        <translation>Kafka-Quelle %1: %2</translation>
    </message>
    <message>
        <source>Kafka source %1: the same as Kafka source %2</source>
        <translation>Kafka-Quelle %1: dieselbe wie Kafka-Quelle %2</translation>
    </message>
    <message>
        <source>Listener %1: enter an address such as 127.0.0.1:8125, or remove it</source>
        <translation>Listener %1: Adresse wie 127.0.0.1:8125 eingeben oder Listener entfernen</translation>
    </message>
    <message>
        <source>Listener %1: %2</source>
        <translation>Listener %1: %2</translation>
    </message>
    <message>
        <source>Listener %1: the same address and port as listener %2</source>
        <translation>Listener %1: dieselbe Adresse und derselbe Port wie Listener %2</translation>
    </message>
    <message>
        <source>At most %1 sources are allowed, there are %2</source>
        <translation>Höchstens %1 Quellen sind erlaubt, es sind %2</translation>
    </message>
    <message>
        <source>Add &amp;Server</source>
        <translation>&amp;Server hinzufügen</translation>
    </message>
    <message>
        <source>Server %1</source>
        <translation>Server %1</translation>
    </message>
    <message>
        <source>Remove server %1</source>
        <translation>Server %1 entfernen</translation>
    </message>
    <message>
        <source>e.g. ws://10.0.0.5:8080/graphql</source>
        <translation>z. B. ws://10.0.0.5:8080/graphql</translation>
    </message>
    <message>
        <source>A Pulseboard server (pulseboard-server --serve) whose data the panels show. A bearer token only as ?token=env:VAR or ?token.file=PATH, never literally.</source>
        <translation>Ein Pulseboard-Server (pulseboard-server --serve), dessen Daten die Panels zeigen. Ein Bearer-Token nur als ?token=env:VAR oder ?token.file=PFAD, nie im Klartext.</translation>
    </message>
    <message>
        <source>Pulseboard servers (client mode, ws://HOST:PORT/graphql):</source>
        <translation>Pulseboard-Server (Client-Modus, ws://HOST:PORT/graphql):</translation>
    </message>
    <message>
        <source>Server %1: enter a URL such as ws://127.0.0.1:8080/graphql, or remove it</source>
        <translation>Server %1: eine URL wie ws://127.0.0.1:8080/graphql eingeben oder ihn entfernen</translation>
    </message>
    <message>
        <source>Server %1: %2</source>
        <translation>Server %1: %2</translation>
    </message>
    <message>
        <source>Server %1: the same as server %2</source>
        <translation>Server %1: derselbe wie Server %2</translation>
    </message>
    <message>
        <source>Add Hist&amp;ory Database</source>
        <translation>&amp;Verlaufsdatenbank hinzufügen</translation>
    </message>
    <message>
        <source>History database %1</source>
        <translation>Verlaufsdatenbank %1</translation>
    </message>
    <message>
        <source>Remove history database %1</source>
        <translation>Verlaufsdatenbank %1 entfernen</translation>
    </message>
    <message>
        <source>e.g. postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&amp;sslrootcert=/etc/pulse/ca.pem</source>
        <translation>z. B. postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&amp;sslrootcert=/etc/pulse/ca.pem</translation>
    </message>
    <message>
        <source>The PostgreSQL database that keeps long history (one per dashboard). The password only from PGPASSWORD or ~/.pgpass, never in the URL. For a remote server use sslmode=verify-full with sslrootcert.</source>
        <translation>Die PostgreSQL-Datenbank, die den langen Verlauf speichert (eine pro Dashboard). Das Passwort nur über PGPASSWORD oder ~/.pgpass, nie in der URL. Für einen entfernten Server sslmode=verify-full mit sslrootcert verwenden.</translation>
    </message>
    <message>
        <source>History database (PostgreSQL):</source>
        <translation>Verlaufsdatenbank (PostgreSQL):</translation>
    </message>
    <message>
        <source>History database %1: enter a URL such as postgresql://pulse@127.0.0.1:5432/metrics, or remove it</source>
        <translation>Verlaufsdatenbank %1: eine URL wie postgresql://pulse@127.0.0.1:5432/metrics eingeben oder sie entfernen</translation>
    </message>
    <message>
        <source>History database %1: %2</source>
        <translation>Verlaufsdatenbank %1: %2</translation>
    </message>
    <message>
        <source>History database %1: the same as history database %2</source>
        <translation>Verlaufsdatenbank %1: dieselbe wie Verlaufsdatenbank %2</translation>
    </message>
    <message>
        <source>History database %1: only one history database per dashboard; remove it</source>
        <translation>Verlaufsdatenbank %1: nur eine Verlaufsdatenbank pro Dashboard; bitte entfernen</translation>
    </message>
</context>
<context>
    <name>pulse::ui::EditCommands</name>
    <message>
        <source>untitled</source>
        <translation>unbenannt</translation>
    </message>
    <message>
        <source>Add panel “%1”</source>
        <translation>Panel „%1“ hinzufügen</translation>
    </message>
    <message>
        <source>Duplicate panel “%1”</source>
        <translation>Panel „%1“ duplizieren</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <source>Remove panel “%1”</source>
        <translation>Panel „%1“ entfernen</translation>
    </message>
    <message>
        <source>Move panel “%1”</source>
        <translation>Panel „%1“ verschieben</translation>
    </message>
    <message>
        <source>Resize panel “%1”</source>
        <translation>Größe von Panel „%1“ ändern</translation>
    </message>
    <message>
        <source>Edit panel “%1”</source>
        <translation>Panel „%1“ bearbeiten</translation>
    </message>
    <message>
        <source>Edit dashboard settings</source>
        <translation>Dashboard-Einstellungen bearbeiten</translation>
    </message>
</context>
<context>
    <name>pulse::ui::Fields</name>
    <message>
        <source>value (the type&apos;s natural value)</source>
        <translation>Wert (natürlicher Wert des Typs)</translation>
    </message>
    <message>
        <source>rate (per second)</source>
        <translation>Rate (pro Sekunde)</translation>
    </message>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>last</source>
        <translation>Letzter Wert</translation>
    </message>
    <message>
        <source>p50 (median)</source>
        <translation>p50 (Median)</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>p99.9</source>
        <translation>p99.9</translation>
    </message>
    <message>
        <source>distinct (sets)</source>
        <translation>Eindeutige Werte (Sets)</translation>
    </message>
</context>
<context>
    <name>pulse::ui::HeatmapPanel</name>
    <message>
        <source>No distribution data</source>
        <translation>Keine Verteilungsdaten</translation>
    </message>
</context>
<context>
    <name>pulse::ui::PanelEditor</name>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Percent (%)</source>
        <translation>Prozent (%)</translation>
    </message>
    <message>
        <source>Seconds (s)</source>
        <translation>Sekunden (s)</translation>
    </message>
    <message>
        <source>Milliseconds (ms)</source>
        <translation>Millisekunden (ms)</translation>
    </message>
    <message>
        <source>Microseconds (µs)</source>
        <translation>Mikrosekunden (µs)</translation>
    </message>
    <message>
        <source>Bytes (KiB, MiB, …)</source>
        <translation>Bytes (KiB, MiB, …)</translation>
    </message>
    <message>
        <source>Bits per second</source>
        <translation>Bit pro Sekunde</translation>
    </message>
    <message>
        <source>Requests per second</source>
        <translation>Anfragen pro Sekunde</translation>
    </message>
    <message>
        <source>Custom suffix</source>
        <translation>Eigenes Suffix</translation>
    </message>
    <message>
        <source>Time series</source>
        <translation>Zeitreihe</translation>
    </message>
    <message>
        <source>Stat</source>
        <translation>Einzelwert</translation>
    </message>
    <message>
        <source>Gauge</source>
        <translation>Messanzeige</translation>
    </message>
    <message>
        <source>Bar gauge</source>
        <translation>Balkenanzeige</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <source>State timeline</source>
        <translation>Zustandsverlauf</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Uhr</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Edit Panel</source>
        <translation>Panel bearbeiten</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <source>&amp;Values</source>
        <translation>&amp;Werte</translation>
    </message>
    <message>
        <source>&amp;Queries</source>
        <translation>Ab&amp;fragen</translation>
    </message>
    <message>
        <source>T&amp;hresholds</source>
        <translation>&amp;Schwellenwerte</translation>
    </message>
    <message>
        <source>&amp;Mappings</source>
        <translation>&amp;Zuordnungen</translation>
    </message>
    <message>
        <source>O&amp;ptions</source>
        <translation>&amp;Optionen</translation>
    </message>
    <message>
        <source>Shown as the title&apos;s tooltip</source>
        <translation>Wird als Tooltip des Titels angezeigt</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;yp:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>e.g. jobs</source>
        <translation>z. B. Jobs</translation>
    </message>
    <message>
        <source>&amp;Auto-scale (k, M, G; KiB, MiB; ms, s, min)</source>
        <translation>Automatisch s&amp;kalieren (k, M, G; KiB, MiB; ms, s, min)</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>With no data for this long the panel shows STALE; empty: three times the longest query slide.</source>
        <translation>Ohne Daten für diese Dauer zeigt das Panel VERALTET; leer: das Dreifache des längsten Abfrage-Schritts.</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>&amp;Einheit:</translation>
    </message>
    <message>
        <source>Su&amp;ffix:</source>
        <translation>S&amp;uffix:</translation>
    </message>
    <message>
        <source>De&amp;cimals:</source>
        <translation>Dezimals&amp;tellen:</translation>
    </message>
    <message>
        <source>Mi&amp;nimum:</source>
        <translation>Mi&amp;nimum:</translation>
    </message>
    <message>
        <source>Ma&amp;ximum:</source>
        <translation>Ma&amp;ximum:</translation>
    </message>
    <message>
        <source>&amp;Stale after:</source>
        <translation>&amp;Veraltet nach:</translation>
    </message>
    <message>
        <source>&amp;Add Query</source>
        <translation>A&amp;bfrage hinzufügen</translation>
    </message>
    <message>
        <source>Horizontal</source>
        <translation>Horizontal</translation>
    </message>
    <message>
        <source>Vertical</source>
        <translation>Vertikal</translation>
    </message>
    <message>
        <source>&amp;Orientation:</source>
        <translation>Ausrich&amp;tung:</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>Nach o&amp;ben</translation>
    </message>
    <message>
        <source>Move Do&amp;wn</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>&amp;Columns (checked ones are shown, in this order):</source>
        <translation>S&amp;palten (markierte werden in dieser Reihenfolge angezeigt):</translation>
    </message>
    <message>
        <source>Plain text shown in the panel</source>
        <translation>Im Panel angezeigter Klartext</translation>
    </message>
    <message>
        <source>&amp;Content:</source>
        <translation>&amp;Inhalt:</translation>
    </message>
    <message>
        <source>This panel type has no further options.</source>
        <translation>Dieser Panel-Typ hat keine weiteren Optionen.</translation>
    </message>
    <message>
        <source>enter a number or leave it empty</source>
        <translation>Zahl eingeben oder leer lassen</translation>
    </message>
    <message>
        <source>enter a duration such as 30s or 2m, or leave it empty</source>
        <translation>Dauer wie 30s oder 2m eingeben oder leer lassen</translation>
    </message>
    <message>
        <source>choose at least one column</source>
        <translation>mindestens eine Spalte auswählen</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Fix the errors listed above first</source>
        <translation>Zuerst die oben aufgeführten Fehler beheben</translation>
    </message>
    <message>
        <source>automatic (%1)</source>
        <translation>automatisch (%1)</translation>
    </message>
</context>
<context>
    <name>pulse::ui::PanelWidget</name>
    <message>
        <source>◌ STALE %1 s · series silent</source>
        <translation>◌ VERALTET %1 s · Reihe verstummt</translation>
    </message>
    <message>
        <source>◌ STALE %1 s · source down</source>
        <translation>◌ VERALTET %1 s · Quelle ausgefallen</translation>
    </message>
    <message>
        <source>○ NO DATA · source down</source>
        <translation>○ KEINE DATEN · Quelle ausgefallen</translation>
    </message>
    <message>
        <source>⚠ ERROR: %1</source>
        <translation>⚠ FEHLER: %1</translation>
    </message>
    <message>
        <source>● LIVE</source>
        <translation>● LIVE</translation>
    </message>
    <message>
        <source>◌ STALE %1 s</source>
        <translation>◌ VERALTET %1 s</translation>
    </message>
    <message>
        <source>◌ STALE</source>
        <translation>◌ VERALTET</translation>
    </message>
    <message>
        <source>○ NO DATA</source>
        <translation>○ KEINE DATEN</translation>
    </message>
    <message>
        <source>⚠ ERROR</source>
        <translation>⚠ FEHLER</translation>
    </message>
    <message>
        <source>↻ RECONNECTING</source>
        <translation>↻ NEUVERBINDUNG</translation>
    </message>
    <message>
        <source>↻ RECONNECTING · retry in %1 s</source>
        <translation>↻ NEUVERBINDUNG · neuer Versuch in %1 s</translation>
    </message>
    <message>
        <source>❚❚ HOLD</source>
        <translation>❚❚ ANGEHALTEN</translation>
    </message>
    <message>
        <source>Last update %1</source>
        <translation>Letzte Aktualisierung %1</translation>
    </message>
    <message>
        <source>⧗ LOADING history</source>
        <translation>⧗ LÄDT Verlauf</translation>
    </message>
</context>
<context>
    <name>pulse::ui::QueryEditor</name>
    <message>
        <source>P&amp;ick…</source>
        <translation>Auswä&amp;hlen…</translation>
    </message>
    <message>
        <source>&amp;Remove Query</source>
        <translation>Abfrage &amp;entfernen</translation>
    </message>
    <message>
        <source>e.g. http.latency{service=api,host=*}</source>
        <translation>z. B. http.latency{service=api,host=*}</translation>
    </message>
    <message>
        <source>Search the series catalog</source>
        <translation>Im Serienkatalog suchen</translation>
    </message>
    <message>
        <source>Tumbling</source>
        <translation>Fest</translation>
    </message>
    <message>
        <source>Sliding</source>
        <translation>Gleitend</translation>
    </message>
    <message>
        <source>e.g. 10s</source>
        <translation>z. B. 10s</translation>
    </message>
    <message>
        <source>e.g. 1s</source>
        <translation>z. B. 1s</translation>
    </message>
    <message>
        <source>a tag key; empty: one line</source>
        <translation>ein Tag-Schlüssel; leer: eine Linie</translation>
    </message>
    <message>
        <source>e.g. {{host}} p99; empty: the series name</source>
        <translation>z. B. {{host}} p99; leer: der Serienname</translation>
    </message>
    <message>
        <source>&amp;Selector:</source>
        <translation>Sele&amp;ktor:</translation>
    </message>
    <message>
        <source>&amp;Field:</source>
        <translation>Fel&amp;d:</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>Sli&amp;de:</source>
        <translation>Schr&amp;itt:</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>Fe&amp;nster:</translation>
    </message>
    <message>
        <source>Group &amp;by:</source>
        <translation>Gr&amp;uppieren nach:</translation>
    </message>
    <message>
        <source>&amp;Legend:</source>
        <translation>&amp;Legende:</translation>
    </message>
    <message>
        <source>Query %1</source>
        <translation>Abfrage %1</translation>
    </message>
    <message>
        <source>Remove query %1</source>
        <translation>Abfrage %1 entfernen</translation>
    </message>
    <message>
        <source>enter a selector, e.g. * for every series</source>
        <translation>Selektor eingeben, z. B. * für alle Serien</translation>
    </message>
    <message>
        <source>invalid selector: %1</source>
        <translation>ungültiger Selektor: %1</translation>
    </message>
    <message>
        <source>enter a duration such as 10s, 1m or 1h</source>
        <translation>Dauer wie 10s, 1m oder 1h eingeben</translation>
    </message>
    <message>
        <source>enter a duration such as 1s, 10s or 1m</source>
        <translation>Dauer wie 1s, 10s oder 1m eingeben</translation>
    </message>
</context>
<context>
    <name>pulse::ui::SeriesCatalogModel</name>
    <message>
        <source>counter</source>
        <translation>Zähler</translation>
    </message>
    <message>
        <source>gauge</source>
        <translation>Messwert</translation>
    </message>
    <message>
        <source>timer</source>
        <translation>Timer</translation>
    </message>
    <message>
        <source>histogram</source>
        <translation>Histogramm</translation>
    </message>
    <message>
        <source>distribution</source>
        <translation>Verteilung</translation>
    </message>
    <message>
        <source>set</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>Series beyond the cardinality cap, folded into one</source>
        <translation>Serien über der Kardinalitätsgrenze, zu einer zusammengefasst</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Serie</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>Letzter Wert</translation>
    </message>
    <message>
        <source>Last update</source>
        <translation>Letzte Aktualisierung</translation>
    </message>
</context>
<context>
    <name>pulse::ui::SeriesPicker</name>
    <message>
        <source>Pick Series</source>
        <translation>Serie auswählen</translation>
    </message>
    <message>
        <source>&amp;Selector:</source>
        <translation>&amp;Selektor:</translation>
    </message>
    <message>
        <source>e.g. http.*{service=api,host=*}</source>
        <translation>z. B. http.*{service=api,host=*}</translation>
    </message>
    <message>
        <source>&amp;Matching series:</source>
        <translation>&amp;Passende Serien:</translation>
    </message>
    <message numerus="yes">
        <source>%n matching series of %1</source>
        <translation>
            <numerusform>%n passende Serie von %1</numerusform>
            <numerusform>%n passende Serien von %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Invalid selector: %1</source>
        <translation>Ungültiger Selektor: %1</translation>
    </message>
    <message>
        <source>A name glob (* ? [abc]) and optional tag filters in braces: key=glob, key!=glob or key; a backslash makes the next character literal.</source>
        <translation>Ein Namens-Glob (* ? [abc]) und optionale Tag-Filter in geschweiften Klammern: key=glob, key!=glob oder key; ein Backslash macht das nächste Zeichen literal.</translation>
    </message>
</context>
<context>
    <name>pulse::ui::StateTimelinePanel</name>
    <message>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
    <message>
        <source>%1: no data %2</source>
        <translation>%1: keine Daten %2</translation>
    </message>
    <message>
        <source>below thresholds</source>
        <translation>unter den Schwellenwerten</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
    </message>
</context>
<context>
    <name>pulse::ui::TableModel</name>
    <message>
        <source>Series</source>
        <translation>Serie</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
</context>
<context>
    <name>pulse::ui::TablePanel</name>
    <message>
        <source>Filter series</source>
        <translation>Serien filtern</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ThresholdListEditor</name>
    <message>
        <source>&amp;Add Threshold</source>
        <translation>Schwellenwert &amp;hinzufügen</translation>
    </message>
    <message>
        <source>A value at or above a threshold takes its colour and severity; values must ascend.</source>
        <translation>Ein Wert ab einem Schwellenwert erhält dessen Farbe und Schweregrad; die Werte müssen aufsteigend sein.</translation>
    </message>
    <message>
        <source>enter a number</source>
        <translation>Zahl eingeben</translation>
    </message>
    <message>
        <source>enter a colour as #rrggbb</source>
        <translation>Farbe als #rrggbb eingeben</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>Wert:</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>Farbe:</translation>
    </message>
    <message>
        <source>Severity:</source>
        <translation>Schweregrad:</translation>
    </message>
    <message>
        <source>Threshold %1 value</source>
        <translation>Schwellenwert %1: Wert</translation>
    </message>
    <message>
        <source>Threshold %1 colour</source>
        <translation>Schwellenwert %1: Farbe</translation>
    </message>
    <message>
        <source>Threshold %1 severity</source>
        <translation>Schwellenwert %1: Schweregrad</translation>
    </message>
    <message>
        <source>Remove threshold %1</source>
        <translation>Schwellenwert %1 entfernen</translation>
    </message>
</context>
<context>
    <name>pulse::ui::TimeseriesPanel</name>
    <message>
        <source>Back to live</source>
        <translation>Zurück zu Live</translation>
    </message>
    <message>
        <source>Follow the live time range again (Home)</source>
        <translation>Wieder dem Live-Zeitraum folgen (Home)</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>keine Daten</translation>
    </message>
</context>
<context>
    <name>pulse::ui::UnavailablePanel</name>
    <message>
        <source>Panel type “%1” is not available in this build.</source>
        <translation>Panel-Typ „%1“ ist in diesem Build nicht verfügbar.</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ValueMappingListEditor</name>
    <message>
        <source>&amp;Add Mapping</source>
        <translation>Zuordnung &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Show a text and/or a colour instead of a value (the first matching mapping wins).</source>
        <translation>Text und/oder Farbe statt eines Werts anzeigen (die erste passende Zuordnung gilt).</translation>
    </message>
    <message>
        <source>enter a number</source>
        <translation>Zahl eingeben</translation>
    </message>
    <message>
        <source>enter a colour as #rrggbb or leave it empty</source>
        <translation>Farbe als #rrggbb eingeben oder leer lassen</translation>
    </message>
    <message>
        <source>needs a text or a colour</source>
        <translation>benötigt einen Text oder eine Farbe</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Match:</source>
        <translation>Vergleich:</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>Wert:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Bis:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Text:</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>Farbe:</translation>
    </message>
    <message>
        <source>Mapping %1 match</source>
        <translation>Zuordnung %1: Vergleich</translation>
    </message>
    <message>
        <source>Mapping %1 value</source>
        <translation>Zuordnung %1: Wert</translation>
    </message>
    <message>
        <source>Mapping %1 from</source>
        <translation>Zuordnung %1: von</translation>
    </message>
    <message>
        <source>Mapping %1 to</source>
        <translation>Zuordnung %1: bis</translation>
    </message>
    <message>
        <source>Mapping %1 text</source>
        <translation>Zuordnung %1: Text</translation>
    </message>
    <message>
        <source>Mapping %1 colour</source>
        <translation>Zuordnung %1: Farbe</translation>
    </message>
    <message>
        <source>Remove mapping %1</source>
        <translation>Zuordnung %1 entfernen</translation>
    </message>
</context>
</TS>
