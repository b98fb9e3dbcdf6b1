// A third-party graphql-transport-ws client (graphql-ws createClient over the `ws` package) against
// pulseboard-server: subscribes to metricUpdated(name, sourceId, live), prints every point as one JSON line
// {"kind":"next",...}, then runs Query.metrics over the same socket and prints {"kind":"query",...}.
//
// node subscribe-client.mjs --url ws://127.0.0.1:PORT/graphql --name NAME [--source S] [--count N]
//                           [--timeout MS] [--token T] [--live true]
// Exits 0 after N closed points (default 3; with --live true the provisional points of the live edge come
// too and are printed but not counted) and the query; 1 on any error, close or timeout (reason on stderr).

import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

function parseArgs(argv) {
  const args = { count: 3, timeout: 30000 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    args[key] = argv[i + 1];
  }
  args.count = Number(args.count);
  args.timeout = Number(args.timeout);
  args.live = args.live === 'true';
  if (!args.url || !args.name) {
    console.error('usage: subscribe-client.mjs --url URL --name NAME [--source S] [--count N] [--timeout MS] [--token T] [--live true]');
    process.exit(2);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const print = (object) => process.stdout.write(JSON.stringify(object) + '\n');
const fail = (message) => {
  console.error(`subscribe-client: ${message}`);
  process.exit(1);
};

const client = createClient({
  url: args.url,
  webSocketImpl: WebSocket,
  lazy: false,
  retryAttempts: 0,
  connectionParams: args.token ? { token: args.token } : undefined,
  on: {
    connected: () => print({ kind: 'connected' }),
    closed: (event) => {
      if (!done) fail(`socket closed: ${event.code} ${event.reason}`);
    },
    error: (error) => fail(`socket error: ${error?.message ?? error}`),
  },
});

let done = false;
const timer = setTimeout(() => fail(`timed out after ${args.timeout} ms`), args.timeout);
const variables = { name: args.name, sourceId: args.source ?? null };

const points = await new Promise((resolve, reject) => {
  const received = [];
  const dispose = client.subscribe(
    {
      query: `subscription Live($name: String!, $sourceId: String, $live: Boolean) {
        metricUpdated(name: $name, sourceId: $sourceId, live: $live) {
          timestamp value count min max p95 p99 provisional series { name tags { key value } }
        }
      }`,
      variables: { ...variables, live: args.live },
    },
    {
      next: (result) => {
        if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
        const point = result.data.metricUpdated;
        print({ kind: 'next', point });
        if (point.provisional) return;
        received.push(point);
        if (received.length >= args.count) {
          dispose();
          resolve(received);
        }
      },
      error: (error) => reject(new Error(JSON.stringify(error))),
      complete: () => {
        if (received.length < args.count) reject(new Error('completed early'));
      },
    },
  );
}).catch((error) => fail(`subscription failed: ${error.message}`));

// A query over the same socket: the points the subscription delivered are in the store.
const to = new Date(Date.now() + 60_000).toISOString();
const from = new Date(Date.now() - 3_600_000).toISOString();
const query = await new Promise((resolve, reject) => {
  let result;
  client.subscribe(
    {
      query: `query History($name: String!, $sourceId: String, $from: String!, $to: String!) {
        metrics(name: $name, sourceId: $sourceId, from: $from, to: $to, resolution: "1s") { timestamp value }
      }`,
      variables: { ...variables, from, to },
    },
    {
      next: (r) => (result = r),
      error: (error) => reject(new Error(JSON.stringify(error))),
      complete: () => resolve(result),
    },
  );
}).catch((error) => fail(`query failed: ${error.message}`));
print({ kind: 'query', result: query, subscribed: points.length });

done = true;
clearTimeout(timer);
await client.dispose();
process.exit(0);
