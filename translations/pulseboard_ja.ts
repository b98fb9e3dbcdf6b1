<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>main</name>
    <message>
        <source>cannot write the screenshot %1: %2</source>
        <translation>スクリーンショット %1 を書き込めません: %2</translation>
    </message>
    <message>
        <source>--screen %1: no such screen; there are %2:</source>
        <translation>--screen %1: その画面はありません。画面は %2 台です:</translation>
    </message>
    <message>
        <source>a source failed to start: %1</source>
        <translation>ソースの起動に失敗しました: %1</translation>
    </message>
    <message>
        <source>--screen: the playlist&apos;s screens section already places the windows; leave --screen out</source>
        <translation>--screen: プレイリストの screens セクションがウィンドウを配置済みです。--screen は指定しないでください</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::DashboardController</name>
    <message>
        <source>history database: %1</source>
        <translation>履歴データベース: %1</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::HoldBanner</name>
    <message>
        <source>Hold</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>⏸ HOLD — live data paused %1 (press Pause to return to live)</source>
        <translation>⏸ 一時停止中 — ライブデータ停止 %1 (Pause キーでライブに戻る)</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::MainWindow</name>
    <message>
        <source>Last %1</source>
        <translation>過去 %1</translation>
    </message>
    <message>
        <source>&amp;New Dashboard</source>
        <translation>新しいダッシュボード(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>開く(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>名前を付けて保存(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>やり直す(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Add Panel…</source>
        <translation>パネルを追加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit Panel…</source>
        <translation>パネルを編集(&amp;E)…</translation>
    </message>
    <message>
        <source>D&amp;uplicate Panel</source>
        <translation>パネルを複製(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Remove Panel</source>
        <translation>パネルを削除(&amp;R)</translation>
    </message>
    <message>
        <source>Dashboard &amp;Settings…</source>
        <translation>ダッシュボード設定(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Dark Theme</source>
        <translation>ダークテーマ(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Light Theme</source>
        <translation>ライトテーマ(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>全画面表示(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>キーボードショートカット(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Pulseboard</source>
        <translation>Pulseboard について(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近使ったファイルを開く(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>ダッシュボード</translation>
    </message>
    <message>
        <source>unsaved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Untitled dashboard</source>
        <translation>無題のダッシュボード</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>リストをクリア(&amp;C)</translation>
    </message>
    <message>
        <source>Layout not opened</source>
        <translation>レイアウトを開けませんでした</translation>
    </message>
    <message>
        <source>Layout opened with problems</source>
        <translation>レイアウトを開きましたが問題があります</translation>
    </message>
    <message>
        <source>%1 could not be opened.</source>
        <translation>%1 を開けませんでした。</translation>
    </message>
    <message numerus="yes">
        <source>%1 was opened without the parts that are not valid: %n problem(s).</source>
        <translation>
            <numerusform>%1 は無効な部分を除いて開かれました: 問題 %n 件。</numerusform>
        </translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存の変更</translation>
    </message>
    <message>
        <source>The dashboard has changes that are not saved. Save them first?</source>
        <translation>ダッシュボードに未保存の変更があります。先に保存しますか？</translation>
    </message>
    <message>
        <source>New dashboard</source>
        <translation>新しいダッシュボード</translation>
    </message>
    <message>
        <source>Open Dashboard</source>
        <translation>ダッシュボードを開く</translation>
    </message>
    <message>
        <source>Dashboard layouts (*.json);;All files (*)</source>
        <translation>ダッシュボードレイアウト (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>保存されていません</translation>
    </message>
    <message>
        <source>The dashboard could not be saved to %1.</source>
        <translation>ダッシュボードを %1 に保存できませんでした。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 を保存しました</translation>
    </message>
    <message>
        <source>Save Dashboard As</source>
        <translation>名前を付けてダッシュボードを保存</translation>
    </message>
    <message>
        <source>New panel</source>
        <translation>新しいパネル</translation>
    </message>
    <message>
        <source>Add Panel</source>
        <translation>パネルを追加</translation>
    </message>
    <message>
        <source>Edit Panel</source>
        <translation>パネルを編集</translation>
    </message>
    <message>
        <source>About Pulseboard</source>
        <translation>Pulseboard について</translation>
    </message>
    <message>
        <source>Pulseboard %1
Live metrics dashboards for control rooms.</source>
        <translation>Pulseboard %1
コントロールルーム向けのライブメトリクスダッシュボード。</translation>
    </message>
    <message>
        <source>default dashboard</source>
        <translation>既定のダッシュボード</translation>
    </message>
    <message>
        <source>%1 loaded %2</source>
        <translation>%1 読み込み %2</translation>
    </message>
    <message>
        <source>&amp;Zoom Panel</source>
        <translation>パネルを拡大(&amp;Z)</translation>
    </message>
    <message>
        <source>&amp;Leave Zoom</source>
        <translation>拡大を解除(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Hold (Freeze Panels)</source>
        <translation>一時停止 (パネルを固定)(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Next Page</source>
        <translation>次のページ(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Page</source>
        <translation>前のページ(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Acknowledge Alarm</source>
        <translation>アラームを確認(&amp;A)</translation>
    </message>
    <message>
        <source>Page not shown: %1: %2</source>
        <translation>ページを表示できません: %1: %2</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::PlaylistRunner</name>
    <message>
        <source>⚠ ALARM: “%1” is critical — page %2 of %3 held; press A to acknowledge</source>
        <translation>⚠ アラーム: 「%1」が危険域 — ページ %2/%3 で停止中; A キーで確認</translation>
    </message>
    <message>
        <source>Page %1 of %2 · next in %3 s</source>
        <translation>ページ %1/%2 · 次まで %3 秒</translation>
    </message>
    <message>
        <source>untitled panel</source>
        <translation>無題のパネル</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <source> or </source>
        <translation> または </translation>
    </message>
    <message>
        <source>Move the focused panel by one cell</source>
        <translation>フォーカスのあるパネルを 1 セル移動</translation>
    </message>
    <message>
        <source>%1 / %2 / %3 / %4</source>
        <translation>%1 / %2 / %3 / %4</translation>
    </message>
    <message>
        <source>Resize the focused panel by one cell</source>
        <translation>フォーカスのあるパネルのサイズを 1 セル変更</translation>
    </message>
    <message>
        <source>Next / previous panel</source>
        <translation>次 / 前のパネル</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <source>Time series: back to live</source>
        <translation>時系列: ライブに戻る</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>ショートカット</translation>
    </message>
</context>
<context>
    <name>pulse::desktop::StatusStrip</name>
    <message>
        <source>Render tick: moves on every frame the dashboard draws</source>
        <translation>描画ティック: ダッシュボードがフレームを描画するたびに動きます</translation>
    </message>
    <message>
        <source>No sources running</source>
        <translation>実行中のソースはありません</translation>
    </message>
    <message>
        <source>%1 lines/s</source>
        <translation>%1 行/s</translation>
    </message>
    <message>
        <source>⚠ %1 failed</source>
        <translation>⚠ %1 障害</translation>
    </message>
    <message>
        <source>↻ %1 reconnecting in %2 s</source>
        <translation>↻ %1 %2 秒後に再接続</translation>
    </message>
    <message>
        <source>↻ %1 reconnecting</source>
        <translation>↻ %1 再接続中</translation>
    </message>
    <message>
        <source>◌ %1 down</source>
        <translation>◌ %1 停止中</translation>
    </message>
    <message>
        <source>● %1 (%2)</source>
        <translation>● %1（%2）</translation>
    </message>
    <message>
        <source>No sources</source>
        <translation>ソースなし</translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n 系列</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ Source failed: %1</source>
        <translation>⚠ ソースのエラー: %1</translation>
    </message>
    <message>
        <source>⧗ %1 loading</source>
        <translation>⧗ %1 読み込み中</translation>
    </message>
    <message>
        <source>⛁ history up · %1 rows/s</source>
        <translation>⛁ 履歴 接続中 · %1 行/秒</translation>
    </message>
    <message>
        <source>⛁ history connecting</source>
        <translation>⛁ 履歴 接続試行中</translation>
    </message>
    <message>
        <source>⛁ history down · retry in %1 s</source>
        <translation>⛁ 履歴 切断 · %1 秒後に再試行</translation>
    </message>
    <message>
        <source>⛁ history down</source>
        <translation>⛁ 履歴 切断</translation>
    </message>
    <message numerus="yes">
        <source>%n rows spooled</source>
        <translation>
            <numerusform>%n 行をスプール中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n rows dropped</source>
        <translation>
            <numerusform>⚠ %n 行を破棄</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulse::ui::BarGaugePanel</name>
    <message>
        <source>No data</source>
        <translation>データなし</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ChartLegend</name>
    <message>
        <source>last %1</source>
        <translation>最新 %1</translation>
    </message>
    <message>
        <source>min %1</source>
        <translation>最小 %1</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>最大 %1</translation>
    </message>
    <message>
        <source>mean %1</source>
        <translation>平均 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n 系列</numerusform>
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
        <translation>選択…</translation>
    </message>
    <message>
        <source>Choose a colour</source>
        <translation>色を選択</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Choose a Colour</source>
        <translation>色の選択</translation>
    </message>
</context>
<context>
    <name>pulse::ui::DashboardSettingsDialog</name>
    <message>
        <source>Last 5 minutes</source>
        <translation>過去 5 分間</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>過去 15 分間</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>過去 1 時間</translation>
    </message>
    <message>
        <source>Last 6 hours</source>
        <translation>過去 6 時間</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>過去 24 時間</translation>
    </message>
    <message>
        <source>Last %1</source>
        <translation>過去 %1</translation>
    </message>
    <message>
        <source>&amp;Add Listener</source>
        <translation>リスナーを追加(&amp;A)</translation>
    </message>
    <message>
        <source>Collect s&amp;ystem metrics (CPU, memory, network, disk)</source>
        <translation>システムメトリクスを収集 (CPU、メモリ、ネットワーク、ディスク)(&amp;Y)</translation>
    </message>
    <message>
        <source>Dashboard Settings</source>
        <translation>ダッシュボード設定</translation>
    </message>
    <message>
        <source> Hz</source>
        <translation> Hz</translation>
    </message>
    <message>
        <source>How often panels redraw; lower rates use less CPU</source>
        <translation>パネルを再描画する頻度。低いほど CPU 使用量が減ります</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <source>Desk (arm&apos;s length)</source>
        <translation>デスク (腕を伸ばした距離)</translation>
    </message>
    <message>
        <source>Room (across a room)</source>
        <translation>部屋 (部屋の反対側から)</translation>
    </message>
    <message>
        <source>Wall (large screen far away)</source>
        <translation>壁面 (離れた大型スクリーン)</translation>
    </message>
    <message>
        <source>Custom text size</source>
        <translation>カスタム文字サイズ</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <source>Smallest text height</source>
        <translation>最小文字高</translation>
    </message>
    <message>
        <source>The smallest text height on screen, in millimetres</source>
        <translation>画面上の最小文字高 (ミリメートル単位)</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>タイトル(&amp;T):</translation>
    </message>
    <message>
        <source>Time &amp;range:</source>
        <translation>期間(&amp;R):</translation>
    </message>
    <message>
        <source>Re&amp;nder rate:</source>
        <translation>描画レート(&amp;N):</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>テーマ(&amp;H):</translation>
    </message>
    <message>
        <source>S&amp;mallest text:</source>
        <translation>最小文字(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Display:</source>
        <translation>ディスプレイ(&amp;D):</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>ソース</translation>
    </message>
    <message>
        <source>UDP listeners (HOST:PORT, optionally /statsd or /influx):</source>
        <translation>UDP リスナー (HOST:PORT、任意で /statsd または /influx):</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>&amp;Every:</source>
        <translation>間隔(&amp;E):</translation>
    </message>
    <message numerus="yes">
        <source>%n source(s) of a type this version does not know will be kept as they are.</source>
        <translation>
            <numerusform>このバージョンが認識できない種類のソース %n 件はそのまま保持されます。</numerusform>
        </translation>
    </message>
    <message>
        <source>e.g. 127.0.0.1:8125 or [::1]:8089/influx</source>
        <translation>例: 127.0.0.1:8125 または [::1]:8089/influx</translation>
    </message>
    <message>
        <source>:PORT listens on 127.0.0.1 only; 0.0.0.0:PORT or [::]:PORT on every interface. The format is statsd unless /influx is given.</source>
        <translation>:PORT は 127.0.0.1 のみで待ち受けます。0.0.0.0:PORT または [::]:PORT はすべてのインターフェースで待ち受けます。/influx を指定しない限り形式は statsd です。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Listener %1</source>
        <translation>リスナー %1</translation>
    </message>
    <message>
        <source>Remove listener %1</source>
        <translation>リスナー %1 を削除</translation>
    </message>
    <message>
        <source>Add &amp;Kafka Source</source>
        <translation>Kafka ソースを追加(&amp;K)</translation>
    </message>
    <message>
        <source>Kafka source %1</source>
        <translation>Kafka ソース %1</translation>
    </message>
    <message>
        <source>Remove Kafka source %1</source>
        <translation>Kafka ソース %1 を削除</translation>
    </message>
    <message>
        <source>e.g. 127.0.0.1:9092/metrics?group=wall-1&amp;format=statsd</source>
        <translation>例: 127.0.0.1:9092/metrics?group=wall-1&amp;format=statsd</translation>
    </message>
    <message>
        <source>BROKERS/TOPIC[,TOPIC2]?group=G&amp;format=statsd|influx|json&amp;from=latest|earliest. Give each display its own group. Secrets only as env:VAR or KEY.file=PATH, never literally.</source>
        <translation>BROKERS/TOPIC[,TOPIC2]?group=G&amp;format=statsd|influx|json&amp;from=latest|earliest。表示ごとに別のグループを使ってください。秘密情報は env:VAR または KEY.file=PATH でのみ指定し、直接書かないでください。</translation>
    </message>
    <message>
        <source>Kafka consumers (BROKERS/TOPIC?group=G&amp;&amp;format=statsd):</source>
        <translation>Kafka コンシューマー (BROKERS/TOPIC?group=G&amp;&amp;format=statsd):</translation>
    </message>
    <message>
        <source>Kafka source %1: enter a URL such as 127.0.0.1:9092/metrics, or remove it</source>
        <translation>Kafka ソース %1: 127.0.0.1:9092/metrics のような URL を入力するか、削除してください</translation>
    </message>
    <message>
        <source>Kafka source %1: %2</source>
        <translation>Kafka ソース %1: %2</translation>
    </message>
    <message>
        <source>Kafka source %1: the same as Kafka source %2</source>
        <translation>Kafka ソース %1: Kafka ソース %2 と同じです</translation>
    </message>
    <message>
        <source>Listener %1: enter an address such as 127.0.0.1:8125, or remove it</source>
        <translation>リスナー %1: 127.0.0.1:8125 のようなアドレスを入力するか、削除してください</translation>
    </message>
    <message>
        <source>Listener %1: %2</source>
        <translation>リスナー %1: %2</translation>
    </message>
    <message>
        <source>Listener %1: the same address and port as listener %2</source>
        <translation>リスナー %1: リスナー %2 と同じアドレスとポートです</translation>
    </message>
    <message>
        <source>At most %1 sources are allowed, there are %2</source>
        <translation>ソースは最大 %1 個までですが、%2 個あります</translation>
    </message>
    <message>
        <source>Add &amp;Server</source>
        <translation>サーバーを追加(&amp;S)</translation>
    </message>
    <message>
        <source>Server %1</source>
        <translation>サーバー %1</translation>
    </message>
    <message>
        <source>Remove server %1</source>
        <translation>サーバー %1 を削除</translation>
    </message>
    <message>
        <source>e.g. ws://10.0.0.5:8080/graphql</source>
        <translation>例: ws://10.0.0.5:8080/graphql</translation>
    </message>
    <message>
        <source>A Pulseboard server (pulseboard-server --serve) whose data the panels show. A bearer token only as ?token=env:VAR or ?token.file=PATH, never literally.</source>
        <translation>パネルにデータを表示する Pulseboard サーバー (pulseboard-server --serve)。ベアラートークンは ?token=env:VAR または ?token.file=PATH でのみ指定し、直接書かないでください。</translation>
    </message>
    <message>
        <source>Pulseboard servers (client mode, ws://HOST:PORT/graphql):</source>
        <translation>Pulseboard サーバー (クライアントモード、ws://HOST:PORT/graphql):</translation>
    </message>
    <message>
        <source>Server %1: enter a URL such as ws://127.0.0.1:8080/graphql, or remove it</source>
        <translation>サーバー %1: ws://127.0.0.1:8080/graphql のような URL を入力するか、削除してください</translation>
    </message>
    <message>
        <source>Server %1: %2</source>
        <translation>サーバー %1: %2</translation>
    </message>
    <message>
        <source>Server %1: the same as server %2</source>
        <translation>サーバー %1: サーバー %2 と同じです</translation>
    </message>
    <message>
        <source>Add Hist&amp;ory Database</source>
        <translation>履歴データベースを追加(&amp;O)</translation>
    </message>
    <message>
        <source>History database %1</source>
        <translation>履歴データベース %1</translation>
    </message>
    <message>
        <source>Remove history database %1</source>
        <translation>履歴データベース %1 を削除</translation>
    </message>
    <message>
        <source>e.g. postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&amp;sslrootcert=/etc/pulse/ca.pem</source>
        <translation>例: postgresql://pulse@db.example:5432/metrics?sslmode=verify-full&amp;sslrootcert=/etc/pulse/ca.pem</translation>
    </message>
    <message>
        <source>The PostgreSQL database that keeps long history (one per dashboard). The password only from PGPASSWORD or ~/.pgpass, never in the URL. For a remote server use sslmode=verify-full with sslrootcert.</source>
        <translation>長期履歴を保存する PostgreSQL データベース (ダッシュボードごとに 1 つ)。パスワードは PGPASSWORD または ~/.pgpass からのみ取得し、URL には書かないでください。リモートサーバーには sslmode=verify-full と sslrootcert を使ってください。</translation>
    </message>
    <message>
        <source>History database (PostgreSQL):</source>
        <translation>履歴データベース (PostgreSQL):</translation>
    </message>
    <message>
        <source>History database %1: enter a URL such as postgresql://pulse@127.0.0.1:5432/metrics, or remove it</source>
        <translation>履歴データベース %1: postgresql://pulse@127.0.0.1:5432/metrics のような URL を入力するか、削除してください</translation>
    </message>
    <message>
        <source>History database %1: %2</source>
        <translation>履歴データベース %1: %2</translation>
    </message>
    <message>
        <source>History database %1: the same as history database %2</source>
        <translation>履歴データベース %1: 履歴データベース %2 と同じです</translation>
    </message>
    <message>
        <source>History database %1: only one history database per dashboard; remove it</source>
        <translation>履歴データベース %1: ダッシュボードごとに履歴データベースは 1 つだけです。削除してください</translation>
    </message>
</context>
<context>
    <name>pulse::ui::EditCommands</name>
    <message>
        <source>untitled</source>
        <translation>無題</translation>
    </message>
    <message>
        <source>Add panel “%1”</source>
        <translation>パネル「%1」を追加</translation>
    </message>
    <message>
        <source>Duplicate panel “%1”</source>
        <translation>パネル「%1」を複製</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (コピー)</translation>
    </message>
    <message>
        <source>Remove panel “%1”</source>
        <translation>パネル「%1」を削除</translation>
    </message>
    <message>
        <source>Move panel “%1”</source>
        <translation>パネル「%1」を移動</translation>
    </message>
    <message>
        <source>Resize panel “%1”</source>
        <translation>パネル「%1」のサイズを変更</translation>
    </message>
    <message>
        <source>Edit panel “%1”</source>
        <translation>パネル「%1」を編集</translation>
    </message>
    <message>
        <source>Edit dashboard settings</source>
        <translation>ダッシュボード設定を編集</translation>
    </message>
</context>
<context>
    <name>pulse::ui::Fields</name>
    <message>
        <source>value (the type&apos;s natural value)</source>
        <translation>値 (その種類の本来の値)</translation>
    </message>
    <message>
        <source>rate (per second)</source>
        <translation>レート (毎秒)</translation>
    </message>
    <message>
        <source>count</source>
        <translation>カウント</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>last</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>p50 (median)</source>
        <translation>p50 (中央値)</translation>
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
        <translation>ユニーク数 (セット)</translation>
    </message>
</context>
<context>
    <name>pulse::ui::HeatmapPanel</name>
    <message>
        <source>No distribution data</source>
        <translation>分布データなし</translation>
    </message>
</context>
<context>
    <name>pulse::ui::PanelEditor</name>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Percent (%)</source>
        <translation>パーセント (%)</translation>
    </message>
    <message>
        <source>Seconds (s)</source>
        <translation>秒 (s)</translation>
    </message>
    <message>
        <source>Milliseconds (ms)</source>
        <translation>ミリ秒 (ms)</translation>
    </message>
    <message>
        <source>Microseconds (µs)</source>
        <translation>マイクロ秒 (µs)</translation>
    </message>
    <message>
        <source>Bytes (KiB, MiB, …)</source>
        <translation>バイト (KiB, MiB, …)</translation>
    </message>
    <message>
        <source>Bits per second</source>
        <translation>ビット/秒</translation>
    </message>
    <message>
        <source>Requests per second</source>
        <translation>リクエスト/秒</translation>
    </message>
    <message>
        <source>Custom suffix</source>
        <translation>カスタム接尾辞</translation>
    </message>
    <message>
        <source>Time series</source>
        <translation>時系列</translation>
    </message>
    <message>
        <source>Stat</source>
        <translation>統計</translation>
    </message>
    <message>
        <source>Gauge</source>
        <translation>ゲージ</translation>
    </message>
    <message>
        <source>Bar gauge</source>
        <translation>バーゲージ</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>テーブル</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>ヒートマップ</translation>
    </message>
    <message>
        <source>State timeline</source>
        <translation>状態タイムライン</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>時計</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>プレビュー</translation>
    </message>
    <message>
        <source>Edit Panel</source>
        <translation>パネルを編集</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>全般(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Values</source>
        <translation>値(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Queries</source>
        <translation>クエリ(&amp;Q)</translation>
    </message>
    <message>
        <source>T&amp;hresholds</source>
        <translation>しきい値(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Mappings</source>
        <translation>マッピング(&amp;M)</translation>
    </message>
    <message>
        <source>O&amp;ptions</source>
        <translation>オプション(&amp;P)</translation>
    </message>
    <message>
        <source>Shown as the title&apos;s tooltip</source>
        <translation>タイトルのツールチップとして表示</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>種類(&amp;Y):</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>タイトル(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>説明(&amp;D):</translation>
    </message>
    <message>
        <source>e.g. jobs</source>
        <translation>例: ジョブ</translation>
    </message>
    <message>
        <source>&amp;Auto-scale (k, M, G; KiB, MiB; ms, s, min)</source>
        <translation>自動スケール (k, M, G; KiB, MiB; ms, s, min)(&amp;A)</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>With no data for this long the panel shows STALE; empty: three times the longest query slide.</source>
        <translation>この時間データがないとパネルに「古い」と表示されます。空欄の場合: 最長のクエリのスライドの 3 倍。</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>単位(&amp;U):</translation>
    </message>
    <message>
        <source>Su&amp;ffix:</source>
        <translation>接尾辞(&amp;F):</translation>
    </message>
    <message>
        <source>De&amp;cimals:</source>
        <translation>小数桁数(&amp;C):</translation>
    </message>
    <message>
        <source>Mi&amp;nimum:</source>
        <translation>最小値(&amp;N):</translation>
    </message>
    <message>
        <source>Ma&amp;ximum:</source>
        <translation>最大値(&amp;X):</translation>
    </message>
    <message>
        <source>&amp;Stale after:</source>
        <translation>古いと判定するまで(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Add Query</source>
        <translation>クエリを追加(&amp;A)</translation>
    </message>
    <message>
        <source>Horizontal</source>
        <translation>水平</translation>
    </message>
    <message>
        <source>Vertical</source>
        <translation>垂直</translation>
    </message>
    <message>
        <source>&amp;Orientation:</source>
        <translation>向き(&amp;O):</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>上へ移動(&amp;U)</translation>
    </message>
    <message>
        <source>Move Do&amp;wn</source>
        <translation>下へ移動(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Columns (checked ones are shown, in this order):</source>
        <translation>列 (チェックした列をこの順序で表示)(&amp;C):</translation>
    </message>
    <message>
        <source>Plain text shown in the panel</source>
        <translation>パネルに表示するプレーンテキスト</translation>
    </message>
    <message>
        <source>&amp;Content:</source>
        <translation>内容(&amp;C):</translation>
    </message>
    <message>
        <source>This panel type has no further options.</source>
        <translation>このパネルタイプには他のオプションはありません。</translation>
    </message>
    <message>
        <source>enter a number or leave it empty</source>
        <translation>数値を入力するか、空欄のままにしてください</translation>
    </message>
    <message>
        <source>enter a duration such as 30s or 2m, or leave it empty</source>
        <translation>30s や 2m などの時間を入力するか、空欄のままにしてください</translation>
    </message>
    <message>
        <source>choose at least one column</source>
        <translation>列を 1 つ以上選択してください</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告: %1</translation>
    </message>
    <message>
        <source>Fix the errors listed above first</source>
        <translation>先に上記のエラーを修正してください</translation>
    </message>
    <message>
        <source>automatic (%1)</source>
        <translation>自動 (%1)</translation>
    </message>
</context>
<context>
    <name>pulse::ui::PanelWidget</name>
    <message>
        <source>◌ STALE %1 s · series silent</source>
        <translation>◌ 古い %1 s · 系列が無音</translation>
    </message>
    <message>
        <source>◌ STALE %1 s · source down</source>
        <translation>◌ 古い %1 s · ソース停止</translation>
    </message>
    <message>
        <source>○ NO DATA · source down</source>
        <translation>○ データなし · ソース停止</translation>
    </message>
    <message>
        <source>⚠ ERROR: %1</source>
        <translation>⚠ エラー: %1</translation>
    </message>
    <message>
        <source>● LIVE</source>
        <translation>● ライブ</translation>
    </message>
    <message>
        <source>◌ STALE %1 s</source>
        <translation>◌ 古い %1 s</translation>
    </message>
    <message>
        <source>◌ STALE</source>
        <translation>◌ 古い</translation>
    </message>
    <message>
        <source>○ NO DATA</source>
        <translation>○ データなし</translation>
    </message>
    <message>
        <source>⚠ ERROR</source>
        <translation>⚠ エラー</translation>
    </message>
    <message>
        <source>↻ RECONNECTING</source>
        <translation>↻ 再接続中</translation>
    </message>
    <message>
        <source>↻ RECONNECTING · retry in %1 s</source>
        <translation>↻ 再接続中 · %1 秒後に再試行</translation>
    </message>
    <message>
        <source>❚❚ HOLD</source>
        <translation>❚❚ 一時停止</translation>
    </message>
    <message>
        <source>Last update %1</source>
        <translation>最終更新 %1</translation>
    </message>
    <message>
        <source>⧗ LOADING history</source>
        <translation>⧗ 履歴を読み込み中</translation>
    </message>
</context>
<context>
    <name>pulse::ui::QueryEditor</name>
    <message>
        <source>P&amp;ick…</source>
        <translation>選択(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Remove Query</source>
        <translation>クエリを削除(&amp;R)</translation>
    </message>
    <message>
        <source>e.g. http.latency{service=api,host=*}</source>
        <translation>例: http.latency{service=api,host=*}</translation>
    </message>
    <message>
        <source>Search the series catalog</source>
        <translation>系列カタログを検索</translation>
    </message>
    <message>
        <source>Tumbling</source>
        <translation>タンブリング</translation>
    </message>
    <message>
        <source>Sliding</source>
        <translation>スライディング</translation>
    </message>
    <message>
        <source>e.g. 10s</source>
        <translation>例: 10s</translation>
    </message>
    <message>
        <source>e.g. 1s</source>
        <translation>例: 1s</translation>
    </message>
    <message>
        <source>a tag key; empty: one line</source>
        <translation>タグキー。空欄の場合: 1 本の線</translation>
    </message>
    <message>
        <source>e.g. {{host}} p99; empty: the series name</source>
        <translation>例: {{host}} p99。空欄の場合: 系列名</translation>
    </message>
    <message>
        <source>&amp;Selector:</source>
        <translation>セレクター(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Field:</source>
        <translation>フィールド(&amp;F):</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>サイズ(&amp;Z):</translation>
    </message>
    <message>
        <source>Sli&amp;de:</source>
        <translation>スライド(&amp;D):</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>ウィンドウ(&amp;W):</translation>
    </message>
    <message>
        <source>Group &amp;by:</source>
        <translation>グループ化(&amp;B):</translation>
    </message>
    <message>
        <source>&amp;Legend:</source>
        <translation>凡例(&amp;L):</translation>
    </message>
    <message>
        <source>Query %1</source>
        <translation>クエリ %1</translation>
    </message>
    <message>
        <source>Remove query %1</source>
        <translation>クエリ %1 を削除</translation>
    </message>
    <message>
        <source>enter a selector, e.g. * for every series</source>
        <translation>セレクターを入力してください (例: すべての系列なら *)</translation>
    </message>
    <message>
        <source>invalid selector: %1</source>
        <translation>無効なセレクター: %1</translation>
    </message>
    <message>
        <source>enter a duration such as 10s, 1m or 1h</source>
        <translation>10s、1m、1h などの時間を入力してください</translation>
    </message>
    <message>
        <source>enter a duration such as 1s, 10s or 1m</source>
        <translation>1s、10s、1m などの時間を入力してください</translation>
    </message>
</context>
<context>
    <name>pulse::ui::SeriesCatalogModel</name>
    <message>
        <source>counter</source>
        <translation>カウンター</translation>
    </message>
    <message>
        <source>gauge</source>
        <translation>ゲージ</translation>
    </message>
    <message>
        <source>timer</source>
        <translation>タイマー</translation>
    </message>
    <message>
        <source>histogram</source>
        <translation>ヒストグラム</translation>
    </message>
    <message>
        <source>distribution</source>
        <translation>分布</translation>
    </message>
    <message>
        <source>set</source>
        <translation>セット</translation>
    </message>
    <message>
        <source>Series beyond the cardinality cap, folded into one</source>
        <translation>カーディナリティ上限を超えた系列 (1 つにまとめています)</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>系列</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>タグ</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>最新値</translation>
    </message>
    <message>
        <source>Last update</source>
        <translation>最終更新</translation>
    </message>
</context>
<context>
    <name>pulse::ui::SeriesPicker</name>
    <message>
        <source>Pick Series</source>
        <translation>系列を選択</translation>
    </message>
    <message>
        <source>&amp;Selector:</source>
        <translation>セレクター(&amp;S):</translation>
    </message>
    <message>
        <source>e.g. http.*{service=api,host=*}</source>
        <translation>例: http.*{service=api,host=*}</translation>
    </message>
    <message>
        <source>&amp;Matching series:</source>
        <translation>一致する系列(&amp;M):</translation>
    </message>
    <message numerus="yes">
        <source>%n matching series of %1</source>
        <translation>
            <numerusform>%1 系列中 %n 系列が一致</numerusform>
        </translation>
    </message>
    <message>
        <source>Invalid selector: %1</source>
        <translation>無効なセレクター: %1</translation>
    </message>
    <message>
        <source>A name glob (* ? [abc]) and optional tag filters in braces: key=glob, key!=glob or key; a backslash makes the next character literal.</source>
        <translation>名前の glob パターン (* ? [abc]) と、波括弧内の任意のタグフィルター: key=glob、key!=glob または key。バックスラッシュの次の文字はそのまま扱われます。</translation>
    </message>
</context>
<context>
    <name>pulse::ui::StateTimelinePanel</name>
    <message>
        <source>No data</source>
        <translation>データなし</translation>
    </message>
    <message>
        <source>%1: no data %2</source>
        <translation>%1: データなし %2</translation>
    </message>
    <message>
        <source>below thresholds</source>
        <translation>しきい値未満</translation>
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
        <translation>系列</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種類</translation>
    </message>
</context>
<context>
    <name>pulse::ui::TablePanel</name>
    <message>
        <source>Filter series</source>
        <translation>系列を絞り込む</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ThresholdListEditor</name>
    <message>
        <source>&amp;Add Threshold</source>
        <translation>しきい値を追加(&amp;A)</translation>
    </message>
    <message>
        <source>A value at or above a threshold takes its colour and severity; values must ascend.</source>
        <translation>しきい値以上の値には、そのしきい値の色と重大度が適用されます。値は昇順にしてください。</translation>
    </message>
    <message>
        <source>enter a number</source>
        <translation>数値を入力してください</translation>
    </message>
    <message>
        <source>enter a colour as #rrggbb</source>
        <translation>色を #rrggbb 形式で入力してください</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>重大</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>値:</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>色:</translation>
    </message>
    <message>
        <source>Severity:</source>
        <translation>重大度:</translation>
    </message>
    <message>
        <source>Threshold %1 value</source>
        <translation>しきい値 %1 の値</translation>
    </message>
    <message>
        <source>Threshold %1 colour</source>
        <translation>しきい値 %1 の色</translation>
    </message>
    <message>
        <source>Threshold %1 severity</source>
        <translation>しきい値 %1 の重大度</translation>
    </message>
    <message>
        <source>Remove threshold %1</source>
        <translation>しきい値 %1 を削除</translation>
    </message>
</context>
<context>
    <name>pulse::ui::TimeseriesPanel</name>
    <message>
        <source>Back to live</source>
        <translation>ライブに戻る</translation>
    </message>
    <message>
        <source>Follow the live time range again (Home)</source>
        <translation>ライブの期間への追従を再開 (Home)</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>データなし</translation>
    </message>
</context>
<context>
    <name>pulse::ui::UnavailablePanel</name>
    <message>
        <source>Panel type “%1” is not available in this build.</source>
        <translation>パネルタイプ「%1」はこのビルドでは利用できません。</translation>
    </message>
</context>
<context>
    <name>pulse::ui::ValueMappingListEditor</name>
    <message>
        <source>&amp;Add Mapping</source>
        <translation>マッピングを追加(&amp;A)</translation>
    </message>
    <message>
        <source>Show a text and/or a colour instead of a value (the first matching mapping wins).</source>
        <translation>値の代わりにテキストや色を表示します (最初に一致したマッピングが優先されます)。</translation>
    </message>
    <message>
        <source>enter a number</source>
        <translation>数値を入力してください</translation>
    </message>
    <message>
        <source>enter a colour as #rrggbb or leave it empty</source>
        <translation>色を #rrggbb 形式で入力するか、空欄のままにしてください</translation>
    </message>
    <message>
        <source>needs a text or a colour</source>
        <translation>テキストまたは色が必要です</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>範囲</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Match:</source>
        <translation>一致条件:</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>値:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>下限:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>上限:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>テキスト:</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>色:</translation>
    </message>
    <message>
        <source>Mapping %1 match</source>
        <translation>マッピング %1 の一致条件</translation>
    </message>
    <message>
        <source>Mapping %1 value</source>
        <translation>マッピング %1 の値</translation>
    </message>
    <message>
        <source>Mapping %1 from</source>
        <translation>マッピング %1 の下限</translation>
    </message>
    <message>
        <source>Mapping %1 to</source>
        <translation>マッピング %1 の上限</translation>
    </message>
    <message>
        <source>Mapping %1 text</source>
        <translation>マッピング %1 のテキスト</translation>
    </message>
    <message>
        <source>Mapping %1 colour</source>
        <translation>マッピング %1 の色</translation>
    </message>
    <message>
        <source>Remove mapping %1</source>
        <translation>マッピング %1 を削除</translation>
    </message>
</context>
</TS>
