// A Pulseboard-compatible backend written with the reference graphql-ws server and graphql-js: the peer that
// `pulseboard --connect` (core/client BackendSource) must be able to talk to.
//
//   node backend-server.mjs [--port N] [--block-websocket]
//
// It serves one gauge, fixture.gauge{host=node}, whose closed 1 s window starting at t ms has the value
// (t / 1000) % 1000 — so a client can check every value it stores. Subscriptions (`seriesUpdated(match, live)`) send
// each closed second and, with live: true, the open second as a provisional point every 200 ms. Queries
// (`seriesMetrics`) answer over HTTP POST and over the WebSocket. With --block-websocket every WebSocket upgrade is
// refused with 403, like a proxy that blocks WebSockets: only HTTP queries work. Prints "listening PORT".

import http from 'node:http';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/lib/use/ws';
import { buildSchema, graphql } from 'graphql';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;
const isWebSocketBlocked = args.includes('--block-websocket');

const schema = buildSchema(`
  type Tag { key: String! value: String! }
  type Series { id: String! name: String! type: String! tags: [Tag!]! lastUpdate: String }
  type MetricPoint {
    timestamp: String! provisional: Boolean! value: Float!
    count: Float sum: Float min: Float max: Float mean: Float rate: Float
    p50: Float p90: Float p95: Float p99: Float p999: Float
    series: Series
  }
  type SeriesPoints { series: Series! points: [MetricPoint!]! }
  type Query {
    series(match: String!): [Series!]!
    seriesMetrics(match: String!, from: String!, to: String!, resolution: String!): [SeriesPoints!]!
  }
  type Subscription { seriesUpdated(match: String!, live: Boolean = false): MetricPoint! }
`);

const series = { id: 'fixture.gauge{host=node}|g', name: 'fixture.gauge', type: 'gauge',
  tags: [{ key: 'host', value: 'node' }] };
const LATENESS_MS = 1000; // a window is closed this long after its end
const STEPS = { '1s': 1000, '10s': 10000, '1m': 60000, '1h': 3600000 };

const valueAt = (ms) => Math.floor(ms / 1000) % 1000;
const matches = (match) => match === '*' || match.startsWith('fixture');
const point = (start, step, provisional) => {
  const v = valueAt(start + step - 1000); // a gauge's window holds its last second's value
  return { timestamp: new Date(start).toISOString(), provisional, value: v, count: step / 1000, sum: v * step / 1000,
    min: valueAt(start), max: v, mean: (valueAt(start) + v) / 2, rate: null, p50: null, p90: null, p95: null,
    p99: null, p999: null, series };
};
const parseTime = (text) => (/^\d+$/.test(text) ? Number(text) : Date.parse(text));

const root = {
  series: ({ match }) => (matches(match) ? [series] : []),
  seriesMetrics: ({ match, from, to, resolution }) => {
    const step = STEPS[resolution];
    if (!step) throw new Error(`unknown resolution "${resolution}"`);
    if (!matches(match)) return [];
    const closedUntil = Math.min(parseTime(to), Date.now() - LATENESS_MS);
    const points = [];
    for (let t = Math.ceil(parseTime(from) / step) * step; t + step <= closedUntil; t += step)
      points.push(point(t, step, false));
    return [{ series, points }];
  },
  seriesUpdated: async function* ({ match, live }) {
    if (!matches(match)) return;
    let nextClosed = Math.floor((Date.now() - LATENESS_MS) / 1000) * 1000;
    while (true) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = Date.now();
      for (; nextClosed + 1000 <= now - LATENESS_MS; nextClosed += 1000)
        yield { seriesUpdated: point(nextClosed, 1000, false) };
      if (live) yield { seriesUpdated: point(Math.floor(now / 1000) * 1000, 1000, true) };
    }
  },
};

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/graphql') {
    res.writeHead(404, { 'Content-Length': 0 });
    return res.end();
  }
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', async () => {
    let request;
    try { request = JSON.parse(body); } catch { request = {}; }
    const result = await graphql({ schema, source: request.query ?? '', rootValue: root,
      variableValues: request.variables });
    const text = JSON.stringify(result);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
});

if (isWebSocketBlocked) {
  server.on('upgrade', (req, socket) => {
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
} else {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  useServer({ schema, roots: { query: root, subscription: root } }, wss);
}

server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
