<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>main</name>
    <message>
        <source>cannot write the screenshot %1: %2</source>
        <translation>impossible d&apos;écrire la capture d&apos;écran %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>--screen %1: no such screen; there are %2:</source>
        <translation>--screen %1 : cet écran n’existe pas ; il y en a %2 :</translation>
    </message>
    <message>
        <source>a source failed to start: %1</source>
        <translation>échec du démarrage d&apos;une source&#xa0;: %1</translation>
    </message>
    <message>
        <source>--screen: the playlist&apos;s screens section already places the windows; leave --screen out</source>
        <translation>--screen : la section screens de la liste de lecture place déjà les fenêtres ; omettez --screen</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::DashboardController</name>
    <message>
        <source>history database: %1</source>
        <translation>base d’historique : %1</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::HoldBanner</name>
    <message>
        <source>Hold</source>
        <translation>Figé</translation>
    </message>
    <message>
        <source>⏸ HOLD — live data paused %1 (press Pause to return to live)</source>
        <translation>⏸ FIGÉ — données en direct en pause %1 (appuyez sur Pause pour revenir au direct)</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::MainWindow</name>
    <message>
        <source>Last %1</source>
        <translation>Dernières %1</translation>
    </message>
    <message>
        <source>&amp;New Dashboard</source>
        <translation>&amp;Nouveau tableau de bord</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Ouvrir…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Enregistrer &amp;sous…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>&amp;Add Panel…</source>
        <translation>A&amp;jouter un panneau…</translation>
    </message>
    <message>
        <source>&amp;Edit Panel…</source>
        <translation>&amp;Modifier le panneau…</translation>
    </message>
    <message>
        <source>D&amp;uplicate Panel</source>
        <translation>D&amp;upliquer le panneau</translation>
    </message>
    <message>
        <source>&amp;Remove Panel</source>
        <translation>&amp;Supprimer le panneau</translation>
    </message>
    <message>
        <source>Dashboard &amp;Settings…</source>
        <translation>&amp;Paramètres du tableau de bord…</translation>
    </message>
    <message>
        <source>&amp;Dark Theme</source>
        <translation>Thème &amp;sombre</translation>
    </message>
    <message>
        <source>&amp;Light Theme</source>
        <translation>Thème &amp;clair</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Plein écran</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>&amp;About Pulseboard</source>
        <translation>À &amp;propos de Pulseboard</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Ouvrir un fichier &amp;récent</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Affi&amp;chage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <source>unsaved</source>
        <translation>non enregistré</translation>
    </message>
    <message>
        <source>Untitled dashboard</source>
        <translation>Tableau de bord sans titre</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>&amp;Effacer la liste</translation>
    </message>
    <message>
        <source>Layout not opened</source>
        <translation>Disposition non ouverte</translation>
    </message>
    <message>
        <source>Layout opened with problems</source>
        <translation>Disposition ouverte avec des problèmes</translation>
    </message>
    <message>
        <source>%1 could not be opened.</source>
        <translation>Impossible d&apos;ouvrir %1.</translation>
    </message>
    <message numerus="yes">
        <source>%1 was opened without the parts that are not valid: %n problem(s).</source>
        <translation>
            <numerusform>%1 a été ouvert sans les parties non valides&#xa0;: %n problème.</numerusform>
            <numerusform>%1 a été ouvert sans les parties non valides&#xa0;: %n problèmes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <source>The dashboard has changes that are not saved. Save them first?</source>
        <translation>Le tableau de bord contient des modifications non enregistrées. Les enregistrer d&apos;abord&#xa0;?</translation>
    </message>
    <message>
        <source>New dashboard</source>
        <translation>Nouveau tableau de bord</translation>
    </message>
    <message>
        <source>Open Dashboard</source>
        <translation>Ouvrir un tableau de bord</translation>
    </message>
    <message>
        <source>Dashboard layouts (*.json);;All files (*)</source>
        <translation>Dispositions de tableau de bord (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Non enregistré</translation>
    </message>
    <message>
        <source>The dashboard could not be saved to %1.</source>
        <translation>Impossible d&apos;enregistrer le tableau de bord dans %1.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <source>Save Dashboard As</source>
        <translation>Enregistrer le tableau de bord sous</translation>
    </message>
    <message>
        <source>New panel</source>
        <translation>Nouveau panneau</translation>
    </message>
    <message>
        <source>Add Panel</source>
        <translation>Ajouter un panneau</translation>
    </message>
    <message>
        <source>Edit Panel</source>
        <translation>Modifier le panneau</translation>
    </message>
    <message>
        <source>About Pulseboard</source>
        <translation>À propos de Pulseboard</translation>
    </message>
    <message>
        <source>Pulseboard %1
Live metrics dashboards for control rooms.</source>
        <translation>Pulseboard %1
Tableaux de bord de métriques en direct pour salles de contrôle.</translation>
    </message>
    <message>
        <source>default dashboard</source>
        <translation>tableau de bord par défaut</translation>
    </message>
    <message>
        <source>%1 loaded %2</source>
        <translation>%1 chargé %2</translation>
    </message>
    <message>
        <source>&amp;Zoom Panel</source>
        <translation>&amp;Agrandir le panneau</translation>
    </message>
    <message>
        <source>&amp;Leave Zoom</source>
        <translation>&amp;Quitter l’agrandissement</translation>
    </message>
    <message>
        <source>&amp;Hold (Freeze Panels)</source>
        <translation>&amp;Figer (geler les panneaux)</translation>
    </message>
    <message>
        <source>&amp;Next Page</source>
        <translation>Page suiva&amp;nte</translation>
    </message>
    <message>
        <source>&amp;Previous Page</source>
        <translation>Page p&amp;récédente</translation>
    </message>
    <message>
        <source>&amp;Acknowledge Alarm</source>
        <translation>&amp;Acquitter l&apos;alarme</translation>
    </message>
    <message>
        <source>Page not shown: %1: %2</source>
        <translation>Page non affichée : %1 : %2</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::PlaylistRunner</name>
    <message>
        <source>⚠ ALARM: “%1” is critical — page %2 of %3 held; press A to acknowledge</source>
        <translation>⚠ ALARME : « %1 » est critique — page %2 sur %3 maintenue ; appuyez sur A pour acquitter</translation>
    </message>
    <message>
        <source>Page %1 of %2 · next in %3 s</source>
        <translation>Page %1 sur %2 · suivante dans %3 s</translation>
    </message>
    <message>
        <source>untitled panel</source>
        <translation>panneau sans titre</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source> or </source>
        <translation> ou </translation>
    </message>
    <message>
        <source>Move the focused panel by one cell</source>
        <translation>Déplacer le panneau actif d&apos;une cellule</translation>
    </message>
    <message>
        <source>%1 / %2 / %3 / %4</source>
        <translation>%1 / %2 / %3 / %4</translation>
    </message>
    <message>
        <source>Resize the focused panel by one cell</source>
        <translation>Redimensionner le panneau actif d&apos;une cellule</translation>
    </message>
    <message>
        <source>Next / previous panel</source>
        <translation>Panneau suivant / précédent</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <source>Time series: back to live</source>
        <translation>Série temporelle&#xa0;: retour au direct</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Raccourci</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::StatusStrip</name>
    <message>
        <source>Render tick: moves on every frame the dashboard draws</source>
        <translation>Tic de rendu&#xa0;: avance à chaque image dessinée par le tableau de bord</translation>
    </message>
    <message>
        <source>No sources running</source>
        <translation>Aucune source active</translation>
    </message>
    <message>
        <source>%1 lines/s</source>
        <translation>%1 lignes/s</translation>
    </message>
    <message>
        <source>⚠ %1 failed</source>
        <translation>⚠ %1 en échec</translation>
    </message>
    <message>
        <source>↻ %1 reconnecting in %2 s</source>
        <translation>↻ %1 reconnexion dans %2 s</translation>
    </message>
    <message>
        <source>↻ %1 reconnecting</source>
        <translation>↻ %1 reconnexion</translation>
    </message>
    <message>
        <source>◌ %1 down</source>
        <translation>◌ %1 hors service</translation>
    </message>
    <message>
        <source>● %1 (%2)</source>
        <translation>● %1 (%2)</translation>
    </message>
    <message>
        <source>No sources</source>
        <translation>Aucune source</translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n série</numerusform>
            <numerusform>%n séries</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ Source failed: %1</source>
        <translation>⚠ Échec de la source&#xa0;: %1</translation>
    </message>
    <message>
        <source>⧗ %1 loading</source>
        <translation>⧗ %1 en chargement</translation>
    </message>
    <message>
        <source>⛁ history up · %1 rows/s</source>
        <translation>⛁ historique connecté · %1 lignes/s</translation>
    </message>
    <message>
        <source>⛁ history connecting</source>
        <translation>⛁ historique en connexion</translation>
    </message>
    <message>
        <source>⛁ history down · retry in %1 s</source>
        <translation>⛁ historique hors ligne · nouvel essai dans %1 s</translation>
    </message>
    <message>
        <source>⛁ history down</source>
        <translation>⛁ historique hors ligne</translation>
    </message>
    <message numerus="yes">
        <source>%n rows spooled</source>
        <translation>
            <numerusform>%n ligne en attente sur disque</numerusform>
            <numerusform>%n lignes en attente sur disque</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n rows dropped</source>
        <translation>
            <numerusform>⚠ %n ligne perdue</numerusform>
            <numerusform>⚠ %n lignes perdues</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulse::ui::BarGaugePanel</name>
    <message>
        <source>No data</source>
        <translation>Aucune donnée</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ChartLegend</name>
    <message>
        <source>last %1</source>
        <translation>dernier %1</translation>
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
        <translation>moy. %1</translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n série</numerusform>
            <numerusform>%n séries</numerusform>
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
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Choose a colour</source>
        <translation>Choisir une couleur</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>Choose a Colour</source>
        <translation>Choisir une couleur</translation>
    </message>
</context>
<context>
    <name>pulse::ui::DashboardSettingsDialog</name>
    <message>
        <source>Last 5 minutes</source>
        <translation>Dernières 5 minutes</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>Dernières 15 minutes</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Dernière heure</translation>
    </message>
    <message>
        <source>Last 6 hours</source>
        <translation>Dernières 6 heures</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Dernières 24 heures</translation>
    </message>
    <message>
        <source>Last %1</source>
        <translation>Dernières %1</translation>
    </message>
    <message>
        <source>&amp;Add Listener</source>
        <translation>Aj&amp;outer un écouteur</translation>
    </message>
    <message>
        <source>Collect s&amp;ystem metrics (CPU, memory, network, disk)</source>
        <translation>Collecter les métriques s&amp;ystème (CPU, mémoire, réseau, disque)</translation>
    </message>
    <message>
        <source>Dashboard Settings</source>
        <translation>Paramètres du tableau de bord</translation>
    </message>
    <message>
        <source> Hz</source>
        <translation> Hz</translation>
    </message>
    <message>
        <source>How often panels redraw; lower rates use less CPU</source>
        <translation>Fréquence de rafraîchissement des panneaux&#xa0;; une fréquence plus basse utilise moins de CPU</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Desk (arm&apos;s length)</source>
        <translation>Bureau (à bout de bras)</translation>
    </message>
    <message>
        <source>Room (across a room)</source>
        <translation>Salle (de l&apos;autre côté de la pièce)</translation>
    </message>
    <message>
        <source>Wall (large screen far away)</source>
        <translation>Mur (grand écran éloigné)</translation>
    </message>
    <message>
        <source>Custom text size</source>
        <translation>Taille de texte personnalisée</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <source>Smallest text height</source>
        <translation>Hauteur de texte minimale</translation>
    </message>
    <message>
        <source>The smallest text height on screen, in millimetres</source>
        <translation>La plus petite hauteur de texte à l&apos;écran, en millimètres</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titre&#xa0;:</translation>
    </message>
    <message>
        <source>Time &amp;range:</source>
        <translation>&amp;Période&#xa0;:</translation>
    </message>
    <message>
        <source>Re&amp;nder rate:</source>
        <translation>Fréquence de re&amp;ndu&#xa0;:</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>T&amp;hème&#xa0;:</translation>
    </message>
    <message>
        <source>S&amp;mallest text:</source>
        <translation>Plus petit te&amp;xte&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Display:</source>
        <translation>&amp;Affichage&#xa0;:</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Sources</translation>
    </message>
    <message>
        <source>UDP listeners (HOST:PORT, optionally /statsd or /influx):</source>
        <translation>Écouteurs UDP (HOST:PORT, éventuellement /statsd ou /influx)&#xa0;:</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>&amp;Every:</source>
        <translation>&amp;Intervalle&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <source>%n source(s) of a type this version does not know will be kept as they are.</source>
        <translation>
            <numerusform>%n source d&apos;un type inconnu de cette version sera conservée telle quelle.</numerusform>
            <numerusform>%n sources d&apos;un type inconnu de cette version seront conservées telles quelles.</numerusform>
        </translation>
    </message>
    <message>
        <source>e.g. 127.0.0.1:8125 or [::1]:8089/influx</source>
        <translation>p. ex. 127.0.0.1:8125 ou [::1]:8089/influx</translation>
    </message>
    <message>
        <source>:PORT listens on 127.0.0.1 only; 0.0.0.0:PORT or [::]:PORT on every interface. The format is statsd unless /influx is given.</source>
        <translation>:PORT écoute uniquement sur 127.0.0.1&#xa0;; 0.0.0.0:PORT ou [::]:PORT sur toutes les interfaces. Le format est statsd sauf si /influx est indiqué.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Listener %1</source>
        <translation>Écouteur %1</translation>
    </message>
    <message>
        <source>Remove listener %1</source>
        <translation>Supprimer l&apos;écouteur %1</translation>
    </message>
    <message>
        <source>Add &amp;Kafka Source</source>
        <translation>Ajouter une source &amp;Kafka</translation>
    </message>
    <message>
        <source>Kafka source %1</source>
        <translation>Source Kafka %1</translation>
    </message>
    <message>
        <source>Remove Kafka source %1</source>
        <translation>Supprimer la source Kafka %1</translation>
    </message>
    <message>
        <source>e.g. 127.0.0.1:9092/metrics?group=wall-1&amp;format=statsd</source>
        <translation>p. ex. 127.0.0.1:9092/metrics?group=wall-1&amp;format=statsd</translation>
    </message>
    <message>
        <source>BROKERS/TOPIC[,TOPIC2]?group=G&amp;format=statsd|influx|json&amp;from=latest|earliest. Give each display its own group. Secrets only as env:VAR or KEY.file=PATH, never literally.</source>
        <translation>BROKERS/TOPIC[,TOPIC2]?group=G&amp;format=statsd|influx|json&amp;from=latest|earliest. Donnez à chaque écran son propre groupe. Les secrets uniquement via env:VAR ou KEY.file=CHEMIN, jamais en clair.</translation>
    </message>
    <message>
        <source>Kafka consumers (BROKERS/TOPIC?group=G&amp;&amp;format=statsd):</source>
        <translation>Consommateurs Kafka (BROKERS/TOPIC?group=G&amp;&amp;format=statsd) :</translation>
    </message>
    <message>
        <source>Kafka source %1: enter a URL such as 127.0.0.1:9092/metrics, or remove it</source>
        <translation>Source Kafka %1 : saisissez une URL comme 127.0.0.1:9092/metrics, ou supprimez-la</translation>
    </message>
    <message>
        <source>Kafka source %1: %2</source>
        <translation>Source Kafka %1 : %2</translation>
    </message>
    <message>
        <source>Kafka source %1: the same as Kafka source %2</source>
        <translation>Source Kafka %1 : identique à la source Kafka %2</translation>
    </message>
    <message>
        <source>Listener %1: enter an address such as 127.0.0.1:8125, or remove it</source>
        <translation>Écouteur %1&#xa0;: saisissez une adresse comme 127.0.0.1:8125, ou supprimez-le</translation>
    </message>
    <message>
        <source>Listener %1: %2</source>
        <translation>Écouteur %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Listener %1: the same address and port as listener %2</source>
        <translation>Écouteur %1&#xa0;: même adresse et même port que l&apos;écouteur %2</translation>
    </message>
    <message>
        <source>At most %1 sources are allowed, there are %2</source>
        <translation>Au plus %1 sources sont autorisées, il y en a %2</translation>
    </message>
    <message>
        <source>Add &amp;Server</source>
        <translation>Ajouter un &amp;serveur</translation>
    </message>
    <message>
        <source>Server %1</source>
        <translation>Serveur %1</translation>
    </message>
    <message>
        <source>Remove server %1</source>
        <translation>Retirer le serveur %1</translation>
    </message>
    <message>
        <source>e.g. ws://10.0.0.5:8080/graphql</source>
        <translation>p. ex. ws://10.0.0.5:8080/graphql</translation>
    </message>
    <message>
        <source>A Pulseboard server (pulseboard-server --serve) whose data the panels show. A bearer token only as ?token=env:VAR or ?token.file=PATH, never literally.</source>
        <translation>Un serveur Pulseboard (pulseboard-server --serve) dont les panneaux affichent les données. Un jeton bearer uniquement sous la forme ?token=env:VAR ou ?token.file=CHEMIN, jamais en clair.</translation>
    </message>
    <message>
        <source>Pulseboard servers (client mode, ws://HOST:PORT/graphql):</source>
        <translation>Serveurs Pulseboard (mode client, ws://HÔTE:PORT/graphql) :</translation>
    </message>
    <message>
        <source>Server %1: enter a URL such as ws://127.0.0.1:8080/graphql, or remove it</source>
        <translation>Serveur %1 : saisissez une URL telle que ws://127.0.0.1:8080/graphql, ou retirez-le</translation>
    </message>
    <message>
        <source>Server %1: %2</source>
        <translation>Serveur %1 : %2</translation>
    </message>
    <message>
        <source>Server %1: the same as server %2</source>
        <translation>Serveur %1 : le même que le serveur %2</translation>
    </message>
    <message>
        <source>Add Hist&amp;ory Database</source>
        <translation>Ajouter une &amp;base d&apos;historique</translation>
    </message>
    <message>
        <source>History database %1</source>
        <translation>Base d&apos;historique %1</translation>
    </message>
    <message>
        <source>Remove history database %1</source>
        <translation>Retirer la base d&apos;historique %1</translation>
    </message>
    <message>
        <source>e.g. postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&amp;sslrootcert=/etc/pulse/ca.pem</source>
        <translation>p. ex. postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&amp;sslrootcert=/etc/pulse/ca.pem</translation>
    </message>
    <message>
        <source>The PostgreSQL database that keeps long history (one per dashboard). The password only from PGPASSWORD or ~/.pgpass, never in the URL. For a remote server use sslmode=verify-full with sslrootcert.</source>
        <translation>La base PostgreSQL qui conserve l&apos;historique long (une par tableau de bord). Le mot de passe uniquement via PGPASSWORD ou ~/.pgpass, jamais dans l&apos;URL. Pour un serveur distant, utilisez sslmode=verify-full avec sslrootcert.</translation>
    </message>
    <message>
        <source>History database (PostgreSQL):</source>
        <translation>Base d&apos;historique (PostgreSQL)&#xa0;:</translation>
    </message>
    <message>
        <source>History database %1: enter a URL such as postgresql://pulse@127.0.0.1:5432/metrics, or remove it</source>
        <translation>Base d&apos;historique %1&#xa0;: saisissez une URL telle que postgresql://pulse@127.0.0.1:5432/metrics, ou retirez-la</translation>
    </message>
    <message>
        <source>History database %1: %2</source>
        <translation>Base d&apos;historique %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>History database %1: the same as history database %2</source>
        <translation>Base d&apos;historique %1&#xa0;: la même que la base d&apos;historique %2</translation>
    </message>
    <message>
        <source>History database %1: only one history database per dashboard; remove it</source>
        <translation>Base d&apos;historique %1&#xa0;: une seule base d&apos;historique par tableau de bord&#xa0;; retirez-la</translation>
    </message>
</context>
<context>
    <name>pulse::ui::EditCommands</name>
    <message>
        <source>untitled</source>
        <translation>sans titre</translation>
    </message>
    <message>
        <source>Add panel “%1”</source>
        <translation>Ajout du panneau «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Duplicate panel “%1”</source>
        <translation>Duplication du panneau «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (copie)</translation>
    </message>
    <message>
        <source>Remove panel “%1”</source>
        <translation>Suppression du panneau «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Move panel “%1”</source>
        <translation>Déplacement du panneau «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Resize panel “%1”</source>
        <translation>Redimensionnement du panneau «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Edit panel “%1”</source>
        <translation>Modification du panneau «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Edit dashboard settings</source>
        <translation>Modification des paramètres du tableau de bord</translation>
    </message>
</context>
<context>
    <name>pulse::ui::Fields</name>
    <message>
        <source>value (the type&apos;s natural value)</source>
        <translation>valeur (valeur naturelle du type)</translation>
    </message>
    <message>
        <source>rate (per second)</source>
        <translation>taux (par seconde)</translation>
    </message>
    <message>
        <source>count</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>somme</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>moyenne</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>max</source>
        <translation>max</translation>
    </message>
    <message>
        <source>last</source>
        <translation>dernière valeur</translation>
    </message>
    <message>
        <source>p50 (median)</source>
        <translation>p50 (médiane)</translation>
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
        <translation>valeurs distinctes (sets)</translation>
    </message>
</context>
<context>
    <name>pulse::ui::HeatmapPanel</name>
    <message>
        <source>No distribution data</source>
        <translation>Aucune donnée de distribution</translation>
    </message>
</context>
<context>
    <name>pulse::ui::PanelEditor</name>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>Percent (%)</source>
        <translation>Pourcentage (%)</translation>
    </message>
    <message>
        <source>Seconds (s)</source>
        <translation>Secondes (s)</translation>
    </message>
    <message>
        <source>Milliseconds (ms)</source>
        <translation>Millisecondes (ms)</translation>
    </message>
    <message>
        <source>Microseconds (µs)</source>
        <translation>Microsecondes (µs)</translation>
    </message>
    <message>
        <source>Bytes (KiB, MiB, …)</source>
        <translation>Octets (KiB, MiB, …)</translation>
    </message>
    <message>
        <source>Bits per second</source>
        <translation>Bits par seconde</translation>
    </message>
    <message>
        <source>Requests per second</source>
        <translation>Requêtes par seconde</translation>
    </message>
    <message>
        <source>Custom suffix</source>
        <translation>Suffixe personnalisé</translation>
    </message>
    <message>
        <source>Time series</source>
        <translation>Série temporelle</translation>
    </message>
    <message>
        <source>Stat</source>
        <translation>Statistique</translation>
    </message>
    <message>
        <source>Gauge</source>
        <translation>Jauge</translation>
    </message>
    <message>
        <source>Bar gauge</source>
        <translation>Jauge à barres</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tableau</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Carte thermique</translation>
    </message>
    <message>
        <source>State timeline</source>
        <translation>Chronologie des états</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Horloge</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <source>Edit Panel</source>
        <translation>Modifier le panneau</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Général</translation>
    </message>
    <message>
        <source>&amp;Values</source>
        <translation>&amp;Valeurs</translation>
    </message>
    <message>
        <source>&amp;Queries</source>
        <translation>&amp;Requêtes</translation>
    </message>
    <message>
        <source>T&amp;hresholds</source>
        <translation>&amp;Seuils</translation>
    </message>
    <message>
        <source>&amp;Mappings</source>
        <translation>&amp;Mappages</translation>
    </message>
    <message>
        <source>O&amp;ptions</source>
        <translation>&amp;Options</translation>
    </message>
    <message>
        <source>Shown as the title&apos;s tooltip</source>
        <translation>Affiché en info-bulle du titre</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;ype&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titre&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description&#xa0;:</translation>
    </message>
    <message>
        <source>e.g. jobs</source>
        <translation>p. ex. tâches</translation>
    </message>
    <message>
        <source>&amp;Auto-scale (k, M, G; KiB, MiB; ms, s, min)</source>
        <translation>Mise à l&apos;échelle &amp;automatique (k, M, G; KiB, MiB; ms, s, min)</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <source>With no data for this long the panel shows STALE; empty: three times the longest query slide.</source>
        <translation>Sans données pendant cette durée, le panneau affiche OBSOLÈTE&#xa0;; vide&#xa0;: trois fois le plus grand pas de requête.</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>&amp;Unité&#xa0;:</translation>
    </message>
    <message>
        <source>Su&amp;ffix:</source>
        <translation>Su&amp;ffixe&#xa0;:</translation>
    </message>
    <message>
        <source>De&amp;cimals:</source>
        <translation>Dé&amp;cimales&#xa0;:</translation>
    </message>
    <message>
        <source>Mi&amp;nimum:</source>
        <translation>Mi&amp;nimum&#xa0;:</translation>
    </message>
    <message>
        <source>Ma&amp;ximum:</source>
        <translation>Ma&amp;ximum&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Stale after:</source>
        <translation>O&amp;bsolète après&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Add Query</source>
        <translation>&amp;Ajouter une requête</translation>
    </message>
    <message>
        <source>Horizontal</source>
        <translation>Horizontale</translation>
    </message>
    <message>
        <source>Vertical</source>
        <translation>Verticale</translation>
    </message>
    <message>
        <source>&amp;Orientation:</source>
        <translation>Or&amp;ientation&#xa0;:</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>Vers le &amp;haut</translation>
    </message>
    <message>
        <source>Move Do&amp;wn</source>
        <translation>Vers le &amp;bas</translation>
    </message>
    <message>
        <source>&amp;Columns (checked ones are shown, in this order):</source>
        <translation>&amp;Colonnes (celles cochées sont affichées, dans cet ordre)&#xa0;:</translation>
    </message>
    <message>
        <source>Plain text shown in the panel</source>
        <translation>Texte brut affiché dans le panneau</translation>
    </message>
    <message>
        <source>&amp;Content:</source>
        <translation>Co&amp;ntenu&#xa0;:</translation>
    </message>
    <message>
        <source>This panel type has no further options.</source>
        <translation>Ce type de panneau n&apos;a pas d&apos;autres options.</translation>
    </message>
    <message>
        <source>enter a number or leave it empty</source>
        <translation>saisissez un nombre ou laissez vide</translation>
    </message>
    <message>
        <source>enter a duration such as 30s or 2m, or leave it empty</source>
        <translation>saisissez une durée comme 30s ou 2m, ou laissez vide</translation>
    </message>
    <message>
        <source>choose at least one column</source>
        <translation>choisissez au moins une colonne</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Avertissement&#xa0;: %1</translation>
    </message>
    <message>
        <source>Fix the errors listed above first</source>
        <translation>Corrigez d&apos;abord les erreurs ci-dessus</translation>
    </message>
    <message>
        <source>automatic (%1)</source>
        <translation>automatique (%1)</translation>
    </message>
</context>
<context>
    <name>pulse::ui::PanelWidget</name>
    <message>
        <source>◌ STALE %1 s · series silent</source>
        <translation>◌ OBSOLÈTE %1 s · série muette</translation>
    </message>
    <message>
        <source>◌ STALE %1 s · source down</source>
        <translation>◌ OBSOLÈTE %1 s · source en panne</translation>
    </message>
    <message>
        <source>○ NO DATA · source down</source>
        <translation>○ AUCUNE DONNÉE · source en panne</translation>
    </message>
    <message>
        <source>⚠ ERROR: %1</source>
        <translation>⚠ ERREUR : %1</translation>
    </message>
    <message>
        <source>● LIVE</source>
        <translation>● EN DIRECT</translation>
    </message>
    <message>
        <source>◌ STALE %1 s</source>
        <translation>◌ OBSOLÈTE %1 s</translation>
    </message>
    <message>
        <source>◌ STALE</source>
        <translation>◌ OBSOLÈTE</translation>
    </message>
    <message>
        <source>○ NO DATA</source>
        <translation>○ AUCUNE DONNÉE</translation>
    </message>
    <message>
        <source>⚠ ERROR</source>
        <translation>⚠ ERREUR</translation>
    </message>
    <message>
        <source>↻ RECONNECTING</source>
        <translation>↻ RECONNEXION</translation>
    </message>
    <message>
        <source>↻ RECONNECTING · retry in %1 s</source>
        <translation>↻ RECONNEXION · nouvel essai dans %1 s</translation>
    </message>
    <message>
        <source>❚❚ HOLD</source>
        <translation>❚❚ EN PAUSE</translation>
    </message>
    <message>
        <source>Last update %1</source>
        <translation>Dernière mise à jour %1</translation>
    </message>
    <message>
        <source>⧗ LOADING history</source>
        <translation>⧗ CHARGEMENT de l’historique</translation>
    </message>
</context>
<context>
    <name>pulse::ui::QueryEditor</name>
    <message>
        <source>P&amp;ick…</source>
        <translation>C&amp;hoisir…</translation>
    </message>
    <message>
        <source>&amp;Remove Query</source>
        <translation>Supprimer la re&amp;quête</translation>
    </message>
    <message>
        <source>e.g. http.latency{service=api,host=*}</source>
        <translation>p. ex. http.latency{service=api,host=*}</translation>
    </message>
    <message>
        <source>Search the series catalog</source>
        <translation>Rechercher dans le catalogue des séries</translation>
    </message>
    <message>
        <source>Tumbling</source>
        <translation>Fixe</translation>
    </message>
    <message>
        <source>Sliding</source>
        <translation>Glissante</translation>
    </message>
    <message>
        <source>e.g. 10s</source>
        <translation>p. ex. 10s</translation>
    </message>
    <message>
        <source>e.g. 1s</source>
        <translation>p. ex. 1s</translation>
    </message>
    <message>
        <source>a tag key; empty: one line</source>
        <translation>une clé de tag&#xa0;; vide&#xa0;: une seule courbe</translation>
    </message>
    <message>
        <source>e.g. {{host}} p99; empty: the series name</source>
        <translation>p. ex. {{host}} p99&#xa0;; vide&#xa0;: le nom de la série</translation>
    </message>
    <message>
        <source>&amp;Selector:</source>
        <translation>S&amp;électeur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Field:</source>
        <translation>&amp;Champ&#xa0;:</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>Ta&amp;ille&#xa0;:</translation>
    </message>
    <message>
        <source>Sli&amp;de:</source>
        <translation>&amp;Pas&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>&amp;Fenêtre&#xa0;:</translation>
    </message>
    <message>
        <source>Group &amp;by:</source>
        <translation>Gro&amp;uper par&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Legend:</source>
        <translation>&amp;Légende&#xa0;:</translation>
    </message>
    <message>
        <source>Query %1</source>
        <translation>Requête %1</translation>
    </message>
    <message>
        <source>Remove query %1</source>
        <translation>Supprimer la requête %1</translation>
    </message>
    <message>
        <source>enter a selector, e.g. * for every series</source>
        <translation>saisissez un sélecteur, p. ex. * pour toutes les séries</translation>
    </message>
    <message>
        <source>invalid selector: %1</source>
        <translation>sélecteur non valide&#xa0;: %1</translation>
    </message>
    <message>
        <source>enter a duration such as 10s, 1m or 1h</source>
        <translation>saisissez une durée comme 10s, 1m ou 1h</translation>
    </message>
    <message>
        <source>enter a duration such as 1s, 10s or 1m</source>
        <translation>saisissez une durée comme 1s, 10s ou 1m</translation>
    </message>
</context>
<context>
    <name>pulse::ui::SeriesCatalogModel</name>
    <message>
        <source>counter</source>
        <translation>compteur</translation>
    </message>
    <message>
        <source>gauge</source>
        <translation>jauge</translation>
    </message>
    <message>
        <source>timer</source>
        <translation>timer</translation>
    </message>
    <message>
        <source>histogram</source>
        <translation>histogramme</translation>
    </message>
    <message>
        <source>distribution</source>
        <translation>distribution</translation>
    </message>
    <message>
        <source>set</source>
        <translation>ensemble</translation>
    </message>
    <message>
        <source>Series beyond the cardinality cap, folded into one</source>
        <translation>Séries au-delà du plafond de cardinalité, regroupées en une seule</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Série</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>Dernière valeur</translation>
    </message>
    <message>
        <source>Last update</source>
        <translation>Dernière mise à jour</translation>
    </message>
</context>
<context>
    <name>pulse::ui::SeriesPicker</name>
    <message>
        <source>Pick Series</source>
        <translation>Choisir une série</translation>
    </message>
    <message>
        <source>&amp;Selector:</source>
        <translation>&amp;Sélecteur&#xa0;:</translation>
    </message>
    <message>
        <source>e.g. http.*{service=api,host=*}</source>
        <translation>p. ex. http.*{service=api,host=*}</translation>
    </message>
    <message>
        <source>&amp;Matching series:</source>
        <translation>Séries &amp;correspondantes&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <source>%n matching series of %1</source>
        <translation>
            <numerusform>%n série correspondante sur %1</numerusform>
            <numerusform>%n séries correspondantes sur %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Invalid selector: %1</source>
        <translation>Sélecteur non valide&#xa0;: %1</translation>
    </message>
    <message>
        <source>A name glob (* ? [abc]) and optional tag filters in braces: key=glob, key!=glob or key; a backslash makes the next character literal.</source>
        <translation>Un glob de nom (*&#xa0;? [abc]) et des filtres de tags facultatifs entre accolades&#xa0;: key=glob, key!=glob ou key&#xa0;; une barre oblique inverse rend le caractère suivant littéral.</translation>
    </message>
</context>
<context>
    <name>pulse::ui::StateTimelinePanel</name>
    <message>
        <source>No data</source>
        <translation>Aucune donnée</translation>
    </message>
    <message>
        <source>%1: no data %2</source>
        <translation>%1&#xa0;: aucune donnée %2</translation>
    </message>
    <message>
        <source>below thresholds</source>
        <translation>sous les seuils</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1&#xa0;: %2 %3</translation>
    </message>
</context>
<context>
    <name>pulse::ui::TableModel</name>
    <message>
        <source>Series</source>
        <translation>Série</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
</context>
<context>
    <name>pulse::ui::TablePanel</name>
    <message>
        <source>Filter series</source>
        <translation>Filtrer les séries</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ThresholdListEditor</name>
    <message>
        <source>&amp;Add Threshold</source>
        <translation>A&amp;jouter un seuil</translation>
    </message>
    <message>
        <source>A value at or above a threshold takes its colour and severity; values must ascend.</source>
        <translation>Une valeur égale ou supérieure à un seuil prend sa couleur et sa gravité&#xa0;; les valeurs doivent être croissantes.</translation>
    </message>
    <message>
        <source>enter a number</source>
        <translation>saisissez un nombre</translation>
    </message>
    <message>
        <source>enter a colour as #rrggbb</source>
        <translation>saisissez une couleur au format #rrggbb</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critique</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>Valeur&#xa0;:</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>Couleur&#xa0;:</translation>
    </message>
    <message>
        <source>Severity:</source>
        <translation>Gravité&#xa0;:</translation>
    </message>
    <message>
        <source>Threshold %1 value</source>
        <translation>Valeur du seuil %1</translation>
    </message>
    <message>
        <source>Threshold %1 colour</source>
        <translation>Couleur du seuil %1</translation>
    </message>
    <message>
        <source>Threshold %1 severity</source>
        <translation>Gravité du seuil %1</translation>
    </message>
    <message>
        <source>Remove threshold %1</source>
        <translation>Supprimer le seuil %1</translation>
    </message>
</context>
<context>
    <name>pulse::ui::TimeseriesPanel</name>
    <message>
        <source>Back to live</source>
        <translation>Retour au direct</translation>
    </message>
    <message>
        <source>Follow the live time range again (Home)</source>
        <translation>Suivre à nouveau la période en direct (Home)</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>aucune donnée</translation>
    </message>
</context>
<context>
    <name>pulse::ui::UnavailablePanel</name>
    <message>
        <source>Panel type “%1” is not available in this build.</source>
        <translation>Le type de panneau «&#xa0;%1&#xa0;» n&apos;est pas disponible dans cette version.</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ValueMappingListEditor</name>
    <message>
        <source>&amp;Add Mapping</source>
        <translation>A&amp;jouter un mappage</translation>
    </message>
    <message>
        <source>Show a text and/or a colour instead of a value (the first matching mapping wins).</source>
        <translation>Afficher un texte et/ou une couleur à la place d&apos;une valeur (le premier mappage correspondant l&apos;emporte).</translation>
    </message>
    <message>
        <source>enter a number</source>
        <translation>saisissez un nombre</translation>
    </message>
    <message>
        <source>enter a colour as #rrggbb or leave it empty</source>
        <translation>saisissez une couleur au format #rrggbb ou laissez vide</translation>
    </message>
    <message>
        <source>needs a text or a colour</source>
        <translation>nécessite un texte ou une couleur</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Plage</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Match:</source>
        <translation>Correspondance&#xa0;:</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>Valeur&#xa0;:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>De&#xa0;:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>À&#xa0;:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Texte&#xa0;:</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>Couleur&#xa0;:</translation>
    </message>
    <message>
        <source>Mapping %1 match</source>
        <translation>Correspondance du mappage %1</translation>
    </message>
    <message>
        <source>Mapping %1 value</source>
        <translation>Valeur du mappage %1</translation>
    </message>
    <message>
        <source>Mapping %1 from</source>
        <translation>Début du mappage %1</translation>
    </message>
    <message>
        <source>Mapping %1 to</source>
        <translation>Fin du mappage %1</translation>
    </message>
    <message>
        <source>Mapping %1 text</source>
        <translation>Texte du mappage %1</translation>
    </message>
    <message>
        <source>Mapping %1 colour</source>
        <translation>Couleur du mappage %1</translation>
    </message>
    <message>
        <source>Remove mapping %1</source>
        <translation>Supprimer le mappage %1</translation>
    </message>
</context>
</TS>
