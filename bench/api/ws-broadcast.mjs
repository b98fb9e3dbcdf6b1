// The reference for bench_apifanout: a minimal Node `ws` broadcast server with the same fan-out shape.
// A subscriber sends {"subscribe":"bench.m7"}; a publisher sends {"publish":"<window start>"} and every subscriber of
// a name gets one graphql-transport-ws style `next` message per series of that name (10 sources), each message
// serialised once and sent to every subscriber of that name. Prints "port N" on stdout once listening.
// `ws` comes from tests/peers/node (npm ci); PULSE_PEERS_DIR points there.
import { createRequire } from 'node:module';

const require = createRequire(`${process.env.PULSE_PEERS_DIR}/package.json`);
const { WebSocketServer } = require('ws');

const kNames = 100;
const kSources = 10;
const subscribers = new Map(); // name -> Set of sockets

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('listening', () => process.stdout.write(`port ${server.address().port}\n`));
server.on('connection', (socket) => {
  socket.on('message', (data) => {
    const message = JSON.parse(data);
    if (message.subscribe) {
      if (!subscribers.has(message.subscribe)) subscribers.set(message.subscribe, new Set());
      subscribers.get(message.subscribe).add(socket);
      socket.on('close', () => subscribers.get(message.subscribe).delete(socket));
    } else if (message.publish) {
      for (let n = 0; n < kNames; ++n) {
        const targets = subscribers.get(`bench.m${n}`);
        if (!targets) continue;
        for (let s = 0; s < kSources; ++s) {
          const text = JSON.stringify({
            id: 'p',
            type: 'next',
            payload: {
              data: {
                metricUpdated: { timestamp: message.publish, value: 12.345, p95: 30, p99: 40 },
              },
            },
          });
          for (const target of targets) target.send(text);
        }
      }
    }
  });
});
