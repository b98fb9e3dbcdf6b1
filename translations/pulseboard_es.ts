<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>main</name>
    <message>
        <source>cannot write the screenshot %1: %2</source>
        <translation>no se puede escribir la captura de pantalla %1: %2</translation>
    </message>
    <message>
        <source>--screen %1: no such screen; there are %2:</source>
        <translation>--screen %1: no existe esa pantalla; hay %2:</translation>
    </message>
    <message>
        <source>a source failed to start: %1</source>
        <translation>no se pudo iniciar una fuente: %1</translation>
    </message>
    <message>
        <source>--screen: the playlist&apos;s screens section already places the windows; leave --screen out</source>
        <translation>--screen: la sección screens de la lista de reproducción ya coloca las ventanas; omita --screen</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::DashboardController</name>
    <message>
        <source>history database: %1</source>
        <translation>base de datos de historial: %1</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::HoldBanner</name>
    <message>
        <source>Hold</source>
        <translation>Congelado</translation>
    </message>
    <message>
        <source>⏸ HOLD — live data paused %1 (press Pause to return to live)</source>
        <translation>⏸ CONGELADO — datos en vivo en pausa %1 (pulse Pausa para volver al directo)</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::MainWindow</name>
    <message>
        <source>Last %1</source>
        <translation>Últimos %1</translation>
    </message>
    <message>
        <source>&amp;New Dashboard</source>
        <translation>&amp;Nuevo panel de control</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Abrir…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Guardar &amp;como…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Deshacer</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rehacer</translation>
    </message>
    <message>
        <source>&amp;Add Panel…</source>
        <translation>&amp;Añadir panel…</translation>
    </message>
    <message>
        <source>&amp;Edit Panel…</source>
        <translation>&amp;Editar panel…</translation>
    </message>
    <message>
        <source>D&amp;uplicate Panel</source>
        <translation>D&amp;uplicar panel</translation>
    </message>
    <message>
        <source>&amp;Remove Panel</source>
        <translation>E&amp;liminar panel</translation>
    </message>
    <message>
        <source>Dashboard &amp;Settings…</source>
        <translation>&amp;Configuración del panel de control…</translation>
    </message>
    <message>
        <source>&amp;Dark Theme</source>
        <translation>Tema &amp;oscuro</translation>
    </message>
    <message>
        <source>&amp;Light Theme</source>
        <translation>Tema &amp;claro</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Pantalla completa</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Atajos de teclado</translation>
    </message>
    <message>
        <source>&amp;About Pulseboard</source>
        <translation>Acerca &amp;de Pulseboard</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Panel de control</translation>
    </message>
    <message>
        <source>unsaved</source>
        <translation>sin guardar</translation>
    </message>
    <message>
        <source>Untitled dashboard</source>
        <translation>Panel de control sin título</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>&amp;Borrar lista</translation>
    </message>
    <message>
        <source>Layout not opened</source>
        <translation>No se abrió el diseño</translation>
    </message>
    <message>
        <source>Layout opened with problems</source>
        <translation>Diseño abierto con problemas</translation>
    </message>
    <message>
        <source>%1 could not be opened.</source>
        <translation>No se pudo abrir %1.</translation>
    </message>
    <message numerus="yes">
        <source>%1 was opened without the parts that are not valid: %n problem(s).</source>
        <translation>
            <numerusform>%1 se abrió sin las partes no válidas: %n problema.</numerusform>
            <numerusform>%1 se abrió sin las partes no válidas: %n problemas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>The dashboard has changes that are not saved. Save them first?</source>
        <translation>El panel de control tiene cambios sin guardar. ¿Quiere guardarlos primero?</translation>
    </message>
    <message>
        <source>New dashboard</source>
        <translation>Nuevo panel de control</translation>
    </message>
    <message>
        <source>Open Dashboard</source>
        <translation>Abrir panel de control</translation>
    </message>
    <message>
        <source>Dashboard layouts (*.json);;All files (*)</source>
        <translation>Diseños de panel de control (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>No guardado</translation>
    </message>
    <message>
        <source>The dashboard could not be saved to %1.</source>
        <translation>No se pudo guardar el panel de control en %1.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Guardado: %1</translation>
    </message>
    <message>
        <source>Save Dashboard As</source>
        <translation>Guardar panel de control como</translation>
    </message>
    <message>
        <source>New panel</source>
        <translation>Nuevo panel</translation>
    </message>
    <message>
        <source>Add Panel</source>
        <translation>Añadir panel</translation>
    </message>
    <message>
        <source>Edit Panel</source>
        <translation>Editar panel</translation>
    </message>
    <message>
        <source>About Pulseboard</source>
        <translation>Acerca de Pulseboard</translation>
    </message>
    <message>
        <source>Pulseboard %1
Live metrics dashboards for control rooms.</source>
        <translation>Pulseboard %1
Paneles de control de métricas en vivo para salas de control.</translation>
    </message>
    <message>
        <source>default dashboard</source>
        <translation>panel de control predeterminado</translation>
    </message>
    <message>
        <source>%1 loaded %2</source>
        <translation>%1 cargado %2</translation>
    </message>
    <message>
        <source>&amp;Zoom Panel</source>
        <translation>&amp;Ampliar panel</translation>
    </message>
    <message>
        <source>&amp;Leave Zoom</source>
        <translation>&amp;Salir de la ampliación</translation>
    </message>
    <message>
        <source>&amp;Hold (Freeze Panels)</source>
        <translation>Con&amp;gelar (paneles en pausa)</translation>
    </message>
    <message>
        <source>&amp;Next Page</source>
        <translation>Página &amp;siguiente</translation>
    </message>
    <message>
        <source>&amp;Previous Page</source>
        <translation>Página a&amp;nterior</translation>
    </message>
    <message>
        <source>&amp;Acknowledge Alarm</source>
        <translation>&amp;Reconocer alarma</translation>
    </message>
    <message>
        <source>Page not shown: %1: %2</source>
        <translation>Página no mostrada: %1: %2</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::PlaylistRunner</name>
    <message>
        <source>⚠ ALARM: “%1” is critical — page %2 of %3 held; press A to acknowledge</source>
        <translation>⚠ ALARMA: «%1» es crítico — página %2 de %3 retenida; pulse A para reconocer</translation>
    </message>
    <message>
        <source>Page %1 of %2 · next in %3 s</source>
        <translation>Página %1 de %2 · siguiente en %3 s</translation>
    </message>
    <message>
        <source>untitled panel</source>
        <translation>panel sin título</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source> or </source>
        <translation> o </translation>
    </message>
    <message>
        <source>Move the focused panel by one cell</source>
        <translation>Mover el panel con el foco una celda</translation>
    </message>
    <message>
        <source>%1 / %2 / %3 / %4</source>
        <translation>%1 / %2 / %3 / %4</translation>
    </message>
    <message>
        <source>Resize the focused panel by one cell</source>
        <translation>Redimensionar el panel con el foco una celda</translation>
    </message>
    <message>
        <source>Next / previous panel</source>
        <translation>Panel siguiente / anterior</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <source>Time series: back to live</source>
        <translation>Serie temporal: volver a en vivo</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Atajo</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::StatusStrip</name>
    <message>
        <source>Render tick: moves on every frame the dashboard draws</source>
        <translation>Indicador de renderizado: avanza con cada fotograma que dibuja el panel de control</translation>
    </message>
    <message>
        <source>No sources running</source>
        <translation>Ninguna fuente en ejecución</translation>
    </message>
    <message>
        <source>%1 lines/s</source>
        <translation>%1 líneas/s</translation>
    </message>
    <message>
        <source>⚠ %1 failed</source>
        <translation>⚠ %1 falló</translation>
    </message>
    <message>
        <source>↻ %1 reconnecting in %2 s</source>
        <translation>↻ %1 reconectando en %2 s</translation>
    </message>
    <message>
        <source>↻ %1 reconnecting</source>
        <translation>↻ %1 reconectando</translation>
    </message>
    <message>
        <source>◌ %1 down</source>
        <translation>◌ %1 caído</translation>
    </message>
    <message>
        <source>● %1 (%2)</source>
        <translation>● %1 (%2)</translation>
    </message>
    <message>
        <source>No sources</source>
        <translation>Sin fuentes</translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n serie</numerusform>
            <numerusform>%n series</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ Source failed: %1</source>
        <translation>⚠ Error de la fuente: %1</translation>
    </message>
    <message>
        <source>⧗ %1 loading</source>
        <translation>⧗ %1 cargando</translation>
    </message>
    <message>
        <source>⛁ history up · %1 rows/s</source>
        <translation>⛁ historial conectado · %1 filas/s</translation>
    </message>
    <message>
        <source>⛁ history connecting</source>
        <translation>⛁ historial conectando</translation>
    </message>
    <message>
        <source>⛁ history down · retry in %1 s</source>
        <translation>⛁ historial caído · reintento en %1 s</translation>
    </message>
    <message>
        <source>⛁ history down</source>
        <translation>⛁ historial caído</translation>
    </message>
    <message numerus="yes">
        <source>%n rows spooled</source>
        <translation>
            <numerusform>%n fila en cola en disco</numerusform>
            <numerusform>%n filas en cola en disco</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n rows dropped</source>
        <translation>
            <numerusform>⚠ %n fila descartada</numerusform>
            <numerusform>⚠ %n filas descartadas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulse::ui::BarGaugePanel</name>
    <message>
        <source>No data</source>
        <translation>Sin datos</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ChartLegend</name>
    <message>
        <source>last %1</source>
        <translation>último %1</translation>
    </message>
    <message>
        <source>min %1</source>
        <translation>mín. %1</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>máx. %1</translation>
    </message>
    <message>
        <source>mean %1</source>
        <translation>media %1</translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n serie</numerusform>
            <numerusform>%n series</numerusform>
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
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Choose a colour</source>
        <translation>Elegir un color</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Choose a Colour</source>
        <translation>Elegir un color</translation>
    </message>
</context>
<context>
    <name>pulse::ui::DashboardSettingsDialog</name>
    <message>
        <source>Last 5 minutes</source>
        <translation>Últimos 5 minutos</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>Últimos 15 minutos</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Última hora</translation>
    </message>
    <message>
        <source>Last 6 hours</source>
        <translation>Últimas 6 horas</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Últimas 24 horas</translation>
    </message>
    <message>
        <source>Last %1</source>
        <translation>Últimos %1</translation>
    </message>
    <message>
        <source>&amp;Add Listener</source>
        <translation>&amp;Añadir receptor</translation>
    </message>
    <message>
        <source>Collect s&amp;ystem metrics (CPU, memory, network, disk)</source>
        <translation>Recopilar métricas del &amp;sistema (CPU, memoria, red, disco)</translation>
    </message>
    <message>
        <source>Dashboard Settings</source>
        <translation>Configuración del panel de control</translation>
    </message>
    <message>
        <source> Hz</source>
        <translation> Hz</translation>
    </message>
    <message>
        <source>How often panels redraw; lower rates use less CPU</source>
        <translation>Frecuencia con la que se redibujan los paneles; las frecuencias más bajas consumen menos CPU</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Desk (arm&apos;s length)</source>
        <translation>Escritorio (a un brazo de distancia)</translation>
    </message>
    <message>
        <source>Room (across a room)</source>
        <translation>Sala (desde el otro lado de la sala)</translation>
    </message>
    <message>
        <source>Wall (large screen far away)</source>
        <translation>Pared (pantalla grande lejana)</translation>
    </message>
    <message>
        <source>Custom text size</source>
        <translation>Tamaño de texto personalizado</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <source>Smallest text height</source>
        <translation>Altura mínima del texto</translation>
    </message>
    <message>
        <source>The smallest text height on screen, in millimetres</source>
        <translation>La altura mínima del texto en pantalla, en milímetros</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Título:</translation>
    </message>
    <message>
        <source>Time &amp;range:</source>
        <translation>&amp;Intervalo de tiempo:</translation>
    </message>
    <message>
        <source>Re&amp;nder rate:</source>
        <translation>&amp;Frecuencia de renderizado:</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>T&amp;ema:</translation>
    </message>
    <message>
        <source>S&amp;mallest text:</source>
        <translation>Texto &amp;mínimo:</translation>
    </message>
    <message>
        <source>&amp;Display:</source>
        <translation>&amp;Pantalla:</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Fuentes</translation>
    </message>
    <message>
        <source>UDP listeners (HOST:PORT, optionally /statsd or /influx):</source>
        <translation>Receptores UDP (HOST:PORT, opcionalmente /statsd o /influx):</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>&amp;Every:</source>
        <translation>&amp;Cada:</translation>
    </message>
    <message numerus="yes">
        <source>%n source(s) of a type this version does not know will be kept as they are.</source>
        <translation>
            <numerusform>%n fuente de un tipo que esta versión no reconoce se conservará tal cual.</numerusform>
            <numerusform>%n fuentes de un tipo que esta versión no reconoce se conservarán tal cual.</numerusform>
        </translation>
    </message>
    <message>
        <source>e.g. 127.0.0.1:8125 or [::1]:8089/influx</source>
        <translation>p. ej., 127.0.0.1:8125 o [::1]:8089/influx</translation>
    </message>
    <message>
        <source>:PORT listens on 127.0.0.1 only; 0.0.0.0:PORT or [::]:PORT on every interface. The format is statsd unless /influx is given.</source>
        <translation>:PORT escucha solo en 127.0.0.1; 0.0.0.0:PORT o [::]:PORT, en todas las interfaces. El formato es statsd salvo que se indique /influx.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Listener %1</source>
        <translation>Receptor %1</translation>
    </message>
    <message>
        <source>Remove listener %1</source>
        <translation>Eliminar receptor %1</translation>
    </message>
    <message>
        <source>Add &amp;Kafka Source</source>
        <translation>Añadir fuente &amp;Kafka</translation>
    </message>
    <message>
        <source>Kafka source %1</source>
        <translation>Fuente Kafka %1</translation>
    </message>
    <message>
        <source>Remove Kafka source %1</source>
        <translation>Quitar la fuente Kafka %1</translation>
    </message>
    <message>
        <source>e.g. 127.0.0.1:9092/metrics?group=wall-1&amp;format=statsd</source>
        <translation>p. ej. 127.0.0.1:9092/metrics?group=wall-1&amp;format=statsd</translation>
    </message>
    <message>
        <source>BROKERS/TOPIC[,TOPIC2]?group=G&amp;format=statsd|influx|json&amp;from=latest|earliest. Give each display its own group. Secrets only as env:VAR or KEY.file=PATH, never literally.</source>
        <translation>BROKERS/TOPIC[,TOPIC2]?group=G&amp;format=statsd|influx|json&amp;from=latest|earliest. Cada pantalla necesita su propio grupo. Secretos solo como env:VAR o KEY.file=RUTA, nunca literales.</translation>
    </message>
    <message>
        <source>Kafka consumers (BROKERS/TOPIC?group=G&amp;&amp;format=statsd):</source>
        <translation>Consumidores Kafka (BROKERS/TOPIC?group=G&amp;&amp;format=statsd):</translation>
    </message>
    <message>
        <source>Kafka source %1: enter a URL such as 127.0.0.1:9092/metrics, or remove it</source>
        <translation>Fuente Kafka %1: introduzca una URL como 127.0.0.1:9092/metrics o quítela</translation>
    </message>
    <message>
        <source>Kafka source %1: %2</source>
        <translation>Fuente Kafka %1: %2</translation>
    </message>
    <message>
        <source>Kafka source %1: the same as Kafka source %2</source>
        <translation>Fuente Kafka %1: igual que la fuente Kafka %2</translation>
    </message>
    <message>
        <source>Listener %1: enter an address such as 127.0.0.1:8125, or remove it</source>
        <translation>Receptor %1: introduzca una dirección como 127.0.0.1:8125 o elimínelo</translation>
    </message>
    <message>
        <source>Listener %1: %2</source>
        <translation>Receptor %1: %2</translation>
    </message>
    <message>
        <source>Listener %1: the same address and port as listener %2</source>
        <translation>Receptor %1: misma dirección y puerto que el receptor %2</translation>
    </message>
    <message>
        <source>At most %1 sources are allowed, there are %2</source>
        <translation>Se permiten como máximo %1 fuentes y hay %2</translation>
    </message>
    <message>
        <source>Add &amp;Server</source>
        <translation>Añadir &amp;servidor</translation>
    </message>
    <message>
        <source>Server %1</source>
        <translation>Servidor %1</translation>
    </message>
    <message>
        <source>Remove server %1</source>
        <translation>Quitar el servidor %1</translation>
    </message>
    <message>
        <source>e.g. ws://10.0.0.5:8080/graphql</source>
        <translation>p. ej. ws://10.0.0.5:8080/graphql</translation>
    </message>
    <message>
        <source>A Pulseboard server (pulseboard-server --serve) whose data the panels show. A bearer token only as ?token=env:VAR or ?token.file=PATH, never literally.</source>
        <translation>Un servidor Pulseboard (pulseboard-server --serve) cuyos datos muestran los paneles. Un token bearer solo como ?token=env:VAR o ?token.file=RUTA, nunca literal.</translation>
    </message>
    <message>
        <source>Pulseboard servers (client mode, ws://HOST:PORT/graphql):</source>
        <translation>Servidores Pulseboard (modo cliente, ws://HOST:PUERTO/graphql):</translation>
    </message>
    <message>
        <source>Server %1: enter a URL such as ws://127.0.0.1:8080/graphql, or remove it</source>
        <translation>Servidor %1: introduzca una URL como ws://127.0.0.1:8080/graphql, o quítelo</translation>
    </message>
    <message>
        <source>Server %1: %2</source>
        <translation>Servidor %1: %2</translation>
    </message>
    <message>
        <source>Server %1: the same as server %2</source>
        <translation>Servidor %1: el mismo que el servidor %2</translation>
    </message>
    <message>
        <source>Add Hist&amp;ory Database</source>
        <translation>Añadir base de datos de &amp;historial</translation>
    </message>
    <message>
        <source>History database %1</source>
        <translation>Base de datos de historial %1</translation>
    </message>
    <message>
        <source>Remove history database %1</source>
        <translation>Quitar la base de datos de historial %1</translation>
    </message>
    <message>
        <source>e.g. postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&amp;sslrootcert=/etc/pulse/ca.pem</source>
        <translation>p. ej. postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&amp;sslrootcert=/etc/pulse/ca.pem</translation>
    </message>
    <message>
        <source>The PostgreSQL database that keeps long history (one per dashboard). The password only from PGPASSWORD or ~/.pgpass, never in the URL. For a remote server use sslmode=verify-full with sslrootcert.</source>
        <translation>La base de datos PostgreSQL que guarda el historial largo (una por panel de control). La contraseña solo desde PGPASSWORD o ~/.pgpass, nunca en la URL. Para un servidor remoto use sslmode=verify-full con sslrootcert.</translation>
    </message>
    <message>
        <source>History database (PostgreSQL):</source>
        <translation>Base de datos de historial (PostgreSQL):</translation>
    </message>
    <message>
        <source>History database %1: enter a URL such as postgresql://pulse@127.0.0.1:5432/metrics, or remove it</source>
        <translation>Base de datos de historial %1: introduzca una URL como postgresql://pulse@127.0.0.1:5432/metrics, o quítela</translation>
    </message>
    <message>
        <source>History database %1: %2</source>
        <translation>Base de datos de historial %1: %2</translation>
    </message>
    <message>
        <source>History database %1: the same as history database %2</source>
        <translation>Base de datos de historial %1: la misma que la base de datos de historial %2</translation>
    </message>
    <message>
        <source>History database %1: only one history database per dashboard; remove it</source>
        <translation>Base de datos de historial %1: solo una base de datos de historial por panel de control; quítela</translation>
    </message>
</context>
<context>
    <name>pulse::ui::EditCommands</name>
    <message>
        <source>untitled</source>
        <translation>sin título</translation>
    </message>
    <message>
        <source>Add panel “%1”</source>
        <translation>Añadir el panel «%1»</translation>
    </message>
    <message>
        <source>Duplicate panel “%1”</source>
        <translation>Duplicar el panel «%1»</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (copia)</translation>
    </message>
    <message>
        <source>Remove panel “%1”</source>
        <translation>Eliminar el panel «%1»</translation>
    </message>
    <message>
        <source>Move panel “%1”</source>
        <translation>Mover el panel «%1»</translation>
    </message>
    <message>
        <source>Resize panel “%1”</source>
        <translation>Redimensionar el panel «%1»</translation>
    </message>
    <message>
        <source>Edit panel “%1”</source>
        <translation>Editar el panel «%1»</translation>
    </message>
    <message>
        <source>Edit dashboard settings</source>
        <translation>Editar la configuración del panel de control</translation>
    </message>
</context>
<context>
    <name>pulse::ui::Fields</name>
    <message>
        <source>value (the type&apos;s natural value)</source>
        <translation>valor (el valor natural del tipo)</translation>
    </message>
    <message>
        <source>rate (per second)</source>
        <translation>tasa (por segundo)</translation>
    </message>
    <message>
        <source>count</source>
        <translation>recuento</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>suma</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>media</translation>
    </message>
    <message>
        <source>min</source>
        <translation>mín.</translation>
    </message>
    <message>
        <source>max</source>
        <translation>máx.</translation>
    </message>
    <message>
        <source>last</source>
        <translation>último</translation>
    </message>
    <message>
        <source>p50 (median)</source>
        <translation>p50 (mediana)</translation>
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
        <translation>distintos (conjuntos)</translation>
    </message>
</context>
<context>
    <name>pulse::ui::HeatmapPanel</name>
    <message>
        <source>No distribution data</source>
        <translation>Sin datos de distribución</translation>
    </message>
</context>
<context>
    <name>pulse::ui::PanelEditor</name>
    <message>
        <source>None</source>
        <translation>Ninguna</translation>
    </message>
    <message>
        <source>Percent (%)</source>
        <translation>Porcentaje (%)</translation>
    </message>
    <message>
        <source>Seconds (s)</source>
        <translation>Segundos (s)</translation>
    </message>
    <message>
        <source>Milliseconds (ms)</source>
        <translation>Milisegundos (ms)</translation>
    </message>
    <message>
        <source>Microseconds (µs)</source>
        <translation>Microsegundos (µs)</translation>
    </message>
    <message>
        <source>Bytes (KiB, MiB, …)</source>
        <translation>Bytes (KiB, MiB, …)</translation>
    </message>
    <message>
        <source>Bits per second</source>
        <translation>Bits por segundo</translation>
    </message>
    <message>
        <source>Requests per second</source>
        <translation>Solicitudes por segundo</translation>
    </message>
    <message>
        <source>Custom suffix</source>
        <translation>Sufijo personalizado</translation>
    </message>
    <message>
        <source>Time series</source>
        <translation>Serie temporal</translation>
    </message>
    <message>
        <source>Stat</source>
        <translation>Estadística</translation>
    </message>
    <message>
        <source>Gauge</source>
        <translation>Indicador</translation>
    </message>
    <message>
        <source>Bar gauge</source>
        <translation>Indicador de barras</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabla</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Mapa de calor</translation>
    </message>
    <message>
        <source>State timeline</source>
        <translation>Cronología de estados</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Reloj</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>Edit Panel</source>
        <translation>Editar panel</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;General</translation>
    </message>
    <message>
        <source>&amp;Values</source>
        <translation>&amp;Valores</translation>
    </message>
    <message>
        <source>&amp;Queries</source>
        <translation>&amp;Consultas</translation>
    </message>
    <message>
        <source>T&amp;hresholds</source>
        <translation>&amp;Umbrales</translation>
    </message>
    <message>
        <source>&amp;Mappings</source>
        <translation>&amp;Asignaciones</translation>
    </message>
    <message>
        <source>O&amp;ptions</source>
        <translation>&amp;Opciones</translation>
    </message>
    <message>
        <source>Shown as the title&apos;s tooltip</source>
        <translation>Se muestra como información sobre herramientas del título</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>Ti&amp;po:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Título:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Descripción:</translation>
    </message>
    <message>
        <source>e.g. jobs</source>
        <translation>p. ej., trabajos</translation>
    </message>
    <message>
        <source>&amp;Auto-scale (k, M, G; KiB, MiB; ms, s, min)</source>
        <translation>&amp;Escala automática (k, M, G; KiB, MiB; ms, s, min)</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automático</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automático</translation>
    </message>
    <message>
        <source>With no data for this long the panel shows STALE; empty: three times the longest query slide.</source>
        <translation>Si no llegan datos durante este tiempo, el panel muestra OBSOLETO; vacío: tres veces el desplazamiento de consulta más largo.</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>U&amp;nidad:</translation>
    </message>
    <message>
        <source>Su&amp;ffix:</source>
        <translation>&amp;Sufijo:</translation>
    </message>
    <message>
        <source>De&amp;cimals:</source>
        <translation>Dec&amp;imales:</translation>
    </message>
    <message>
        <source>Mi&amp;nimum:</source>
        <translation>&amp;Mínimo:</translation>
    </message>
    <message>
        <source>Ma&amp;ximum:</source>
        <translation>Má&amp;ximo:</translation>
    </message>
    <message>
        <source>&amp;Stale after:</source>
        <translation>O&amp;bsoleto tras:</translation>
    </message>
    <message>
        <source>&amp;Add Query</source>
        <translation>Añadir co&amp;nsulta</translation>
    </message>
    <message>
        <source>Horizontal</source>
        <translation>Horizontal</translation>
    </message>
    <message>
        <source>Vertical</source>
        <translation>Vertical</translation>
    </message>
    <message>
        <source>&amp;Orientation:</source>
        <translation>Orien&amp;tación:</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>&amp;Subir</translation>
    </message>
    <message>
        <source>Move Do&amp;wn</source>
        <translation>&amp;Bajar</translation>
    </message>
    <message>
        <source>&amp;Columns (checked ones are shown, in this order):</source>
        <translation>Colu&amp;mnas (se muestran las marcadas, en este orden):</translation>
    </message>
    <message>
        <source>Plain text shown in the panel</source>
        <translation>Texto sin formato que se muestra en el panel</translation>
    </message>
    <message>
        <source>&amp;Content:</source>
        <translation>Co&amp;ntenido:</translation>
    </message>
    <message>
        <source>This panel type has no further options.</source>
        <translation>Este tipo de panel no tiene más opciones.</translation>
    </message>
    <message>
        <source>enter a number or leave it empty</source>
        <translation>introduzca un número o déjelo vacío</translation>
    </message>
    <message>
        <source>enter a duration such as 30s or 2m, or leave it empty</source>
        <translation>introduzca una duración como 30s o 2m, o déjela vacía</translation>
    </message>
    <message>
        <source>choose at least one column</source>
        <translation>elija al menos una columna</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Advertencia: %1</translation>
    </message>
    <message>
        <source>Fix the errors listed above first</source>
        <translation>Corrija primero los errores indicados arriba</translation>
    </message>
    <message>
        <source>automatic (%1)</source>
        <translation>automático (%1)</translation>
    </message>
</context>
<context>
    <name>pulse::ui::PanelWidget</name>
    <message>
        <source>◌ STALE %1 s · series silent</source>
        <translation>◌ OBSOLETO %1 s · serie en silencio</translation>
    </message>
    <message>
        <source>◌ STALE %1 s · source down</source>
        <translation>◌ OBSOLETO %1 s · fuente caída</translation>
    </message>
    <message>
        <source>○ NO DATA · source down</source>
        <translation>○ SIN DATOS · fuente caída</translation>
    </message>
    <message>
        <source>⚠ ERROR: %1</source>
        <translation>⚠ ERROR: %1</translation>
    </message>
    <message>
        <source>● LIVE</source>
        <translation>● EN VIVO</translation>
    </message>
    <message>
        <source>◌ STALE %1 s</source>
        <translation>◌ OBSOLETO %1 s</translation>
    </message>
    <message>
        <source>◌ STALE</source>
        <translation>◌ OBSOLETO</translation>
    </message>
    <message>
        <source>○ NO DATA</source>
        <translation>○ SIN DATOS</translation>
    </message>
    <message>
        <source>⚠ ERROR</source>
        <translation>⚠ ERROR</translation>
    </message>
    <message>
        <source>↻ RECONNECTING</source>
        <translation>↻ RECONECTANDO</translation>
    </message>
    <message>
        <source>↻ RECONNECTING · retry in %1 s</source>
        <translation>↻ RECONECTANDO · reintento en %1 s</translation>
    </message>
    <message>
        <source>❚❚ HOLD</source>
        <translation>❚❚ EN PAUSA</translation>
    </message>
    <message>
        <source>Last update %1</source>
        <translation>Última actualización %1</translation>
    </message>
    <message>
        <source>⧗ LOADING history</source>
        <translation>⧗ CARGANDO historial</translation>
    </message>
</context>
<context>
    <name>pulse::ui::QueryEditor</name>
    <message>
        <source>P&amp;ick…</source>
        <translation>Eleg&amp;ir…</translation>
    </message>
    <message>
        <source>&amp;Remove Query</source>
        <translation>E&amp;liminar consulta</translation>
    </message>
    <message>
        <source>e.g. http.latency{service=api,host=*}</source>
        <translation>p. ej., http.latency{service=api,host=*}</translation>
    </message>
    <message>
        <source>Search the series catalog</source>
        <translation>Buscar en el catálogo de series</translation>
    </message>
    <message>
        <source>Tumbling</source>
        <translation>Fija</translation>
    </message>
    <message>
        <source>Sliding</source>
        <translation>Deslizante</translation>
    </message>
    <message>
        <source>e.g. 10s</source>
        <translation>p. ej., 10s</translation>
    </message>
    <message>
        <source>e.g. 1s</source>
        <translation>p. ej., 1s</translation>
    </message>
    <message>
        <source>a tag key; empty: one line</source>
        <translation>una clave de etiqueta; vacío: una sola línea</translation>
    </message>
    <message>
        <source>e.g. {{host}} p99; empty: the series name</source>
        <translation>p. ej., {{host}} p99; vacío: el nombre de la serie</translation>
    </message>
    <message>
        <source>&amp;Selector:</source>
        <translation>&amp;Selector:</translation>
    </message>
    <message>
        <source>&amp;Field:</source>
        <translation>Ca&amp;mpo:</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>&amp;Tamaño:</translation>
    </message>
    <message>
        <source>Sli&amp;de:</source>
        <translation>&amp;Desplazamiento:</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>V&amp;entana:</translation>
    </message>
    <message>
        <source>Group &amp;by:</source>
        <translation>Ag&amp;rupar por:</translation>
    </message>
    <message>
        <source>&amp;Legend:</source>
        <translation>Le&amp;yenda:</translation>
    </message>
    <message>
        <source>Query %1</source>
        <translation>Consulta %1</translation>
    </message>
    <message>
        <source>Remove query %1</source>
        <translation>Eliminar consulta %1</translation>
    </message>
    <message>
        <source>enter a selector, e.g. * for every series</source>
        <translation>introduzca un selector, p. ej., * para todas las series</translation>
    </message>
    <message>
        <source>invalid selector: %1</source>
        <translation>selector no válido: %1</translation>
    </message>
    <message>
        <source>enter a duration such as 10s, 1m or 1h</source>
        <translation>introduzca una duración como 10s, 1m o 1h</translation>
    </message>
    <message>
        <source>enter a duration such as 1s, 10s or 1m</source>
        <translation>introduzca una duración como 1s, 10s o 1m</translation>
    </message>
</context>
<context>
    <name>pulse::ui::SeriesCatalogModel</name>
    <message>
        <source>counter</source>
        <translation>contador</translation>
    </message>
    <message>
        <source>gauge</source>
        <translation>indicador</translation>
    </message>
    <message>
        <source>timer</source>
        <translation>temporizador</translation>
    </message>
    <message>
        <source>histogram</source>
        <translation>histograma</translation>
    </message>
    <message>
        <source>distribution</source>
        <translation>distribución</translation>
    </message>
    <message>
        <source>set</source>
        <translation>conjunto</translation>
    </message>
    <message>
        <source>Series beyond the cardinality cap, folded into one</source>
        <translation>Series por encima del límite de cardinalidad, agrupadas en una</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Serie</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>Último valor</translation>
    </message>
    <message>
        <source>Last update</source>
        <translation>Última actualización</translation>
    </message>
</context>
<context>
    <name>pulse::ui::SeriesPicker</name>
    <message>
        <source>Pick Series</source>
        <translation>Elegir series</translation>
    </message>
    <message>
        <source>&amp;Selector:</source>
        <translation>&amp;Selector:</translation>
    </message>
    <message>
        <source>e.g. http.*{service=api,host=*}</source>
        <translation>p. ej., http.*{service=api,host=*}</translation>
    </message>
    <message>
        <source>&amp;Matching series:</source>
        <translation>Series &amp;coincidentes:</translation>
    </message>
    <message numerus="yes">
        <source>%n matching series of %1</source>
        <translation>
            <numerusform>%n serie coincidente de %1</numerusform>
            <numerusform>%n series coincidentes de %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Invalid selector: %1</source>
        <translation>Selector no válido: %1</translation>
    </message>
    <message>
        <source>A name glob (* ? [abc]) and optional tag filters in braces: key=glob, key!=glob or key; a backslash makes the next character literal.</source>
        <translation>Un patrón glob de nombre (* ? [abc]) y filtros de etiquetas opcionales entre llaves: key=glob, key!=glob o key; una barra invertida hace literal el siguiente carácter.</translation>
    </message>
</context>
<context>
    <name>pulse::ui::StateTimelinePanel</name>
    <message>
        <source>No data</source>
        <translation>Sin datos</translation>
    </message>
    <message>
        <source>%1: no data %2</source>
        <translation>%1: sin datos %2</translation>
    </message>
    <message>
        <source>below thresholds</source>
        <translation>por debajo de los umbrales</translation>
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
        <translation>Tipo</translation>
    </message>
</context>
<context>
    <name>pulse::ui::TablePanel</name>
    <message>
        <source>Filter series</source>
        <translation>Filtrar series</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ThresholdListEditor</name>
    <message>
        <source>&amp;Add Threshold</source>
        <translation>Aña&amp;dir umbral</translation>
    </message>
    <message>
        <source>A value at or above a threshold takes its colour and severity; values must ascend.</source>
        <translation>Un valor igual o superior a un umbral toma su color y su gravedad; los valores deben ir en orden ascendente.</translation>
    </message>
    <message>
        <source>enter a number</source>
        <translation>introduzca un número</translation>
    </message>
    <message>
        <source>enter a colour as #rrggbb</source>
        <translation>introduzca un color como #rrggbb</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Advertencia</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Crítico</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>Valor:</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>Color:</translation>
    </message>
    <message>
        <source>Severity:</source>
        <translation>Gravedad:</translation>
    </message>
    <message>
        <source>Threshold %1 value</source>
        <translation>Valor del umbral %1</translation>
    </message>
    <message>
        <source>Threshold %1 colour</source>
        <translation>Color del umbral %1</translation>
    </message>
    <message>
        <source>Threshold %1 severity</source>
        <translation>Gravedad del umbral %1</translation>
    </message>
    <message>
        <source>Remove threshold %1</source>
        <translation>Eliminar umbral %1</translation>
    </message>
</context>
<context>
    <name>pulse::ui::TimeseriesPanel</name>
    <message>
        <source>Back to live</source>
        <translation>Volver a en vivo</translation>
    </message>
    <message>
        <source>Follow the live time range again (Home)</source>
        <translation>Volver a seguir el intervalo de tiempo en vivo (Home)</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>sin datos</translation>
    </message>
</context>
<context>
    <name>pulse::ui::UnavailablePanel</name>
    <message>
        <source>Panel type “%1” is not available in this build.</source>
        <translation>El tipo de panel «%1» no está disponible en esta compilación.</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ValueMappingListEditor</name>
    <message>
        <source>&amp;Add Mapping</source>
        <translation>Añadir asig&amp;nación</translation>
    </message>
    <message>
        <source>Show a text and/or a colour instead of a value (the first matching mapping wins).</source>
        <translation>Muestra un texto, un color o ambos en lugar de un valor (se aplica la primera asignación que coincida).</translation>
    </message>
    <message>
        <source>enter a number</source>
        <translation>introduzca un número</translation>
    </message>
    <message>
        <source>enter a colour as #rrggbb or leave it empty</source>
        <translation>introduzca un color como #rrggbb o déjelo vacío</translation>
    </message>
    <message>
        <source>needs a text or a colour</source>
        <translation>necesita un texto o un color</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Intervalo</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Match:</source>
        <translation>Coincidencia:</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>Valor:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Desde:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Hasta:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Texto:</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>Color:</translation>
    </message>
    <message>
        <source>Mapping %1 match</source>
        <translation>Coincidencia de la asignación %1</translation>
    </message>
    <message>
        <source>Mapping %1 value</source>
        <translation>Valor de la asignación %1</translation>
    </message>
    <message>
        <source>Mapping %1 from</source>
        <translation>Límite inferior de la asignación %1</translation>
    </message>
    <message>
        <source>Mapping %1 to</source>
        <translation>Límite superior de la asignación %1</translation>
    </message>
    <message>
        <source>Mapping %1 text</source>
        <translation>Texto de la asignación %1</translation>
    </message>
    <message>
        <source>Mapping %1 colour</source>
        <translation>Color de la asignación %1</translation>
    </message>
    <message>
        <source>Remove mapping %1</source>
        <translation>Eliminar asignación %1</translation>
    </message>
</context>
</TS>
