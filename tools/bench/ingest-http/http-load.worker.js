// Load for tools/bench/ingest-http.ts, in a worker thread (its own event loop, off the servers' one):
// `clients` keep-alive connections POST the same body back to back for `seconds`, counting answers.
'use strict';
const { Agent, request } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');

const { url, apiKey, seconds, clients, body, contentType, eventsPerRequest } = workerData;
const payload = Buffer.from(body);
const agent = new Agent({ keepAlive: true, maxSockets: clients });
const headers = { 'content-type': contentType, 'content-length': payload.length, authorization: `Bearer ${apiKey}` };

function post() {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function main() {
  const deadline = performance.now() + seconds * 1000;
  const counts = { requests: 0, events: 0, failed: 0, statuses: {} };
  const client = async () => {
    while (performance.now() < deadline) {
      const status = await post();
      if (status === 202) {
        counts.requests += 1;
        counts.events += eventsPerRequest;
      } else {
        counts.failed += 1;
        counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
      }
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  counts.seconds = (performance.now() - startedAt) / 1000;
  agent.destroy();
  parentPort.postMessage(counts);
}

main().catch((error) => {
  parentPort.postMessage({ error: String(error && error.stack ? error.stack : error) });
});
