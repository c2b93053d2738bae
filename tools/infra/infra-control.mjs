// A broker or a Redis server driven over stdin, for fault tests that run inside jest (whose module
// registry cannot load these ES modules): `node infra-control.mjs kafka|redis <dataDir> [aof]`.
// Prints {"address","logFile"} once created, then answers each request line {"id","op"} (start,
// stop, kill, pause, resume, pid) with {"id","ok","result"|"error"}. When stdin closes (the test
// ended or died) it stops the server and exits.
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createKafkaBroker } from './kafka.mjs';
import { createRedisServer } from './redis.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const [kind, dataDir, persistence] = process.argv.slice(2);
const reply = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

let server;
try {
  if (kind === 'kafka') server = await createKafkaBroker({ cacheDir: path.join(ROOT, '.cache'), dataDir });
  else if (kind === 'redis') server = await createRedisServer({ dataDir, persistence: persistence === 'aof' ? 'aof' : 'none' });
  else throw new Error(`usage: infra-control.mjs kafka|redis <dataDir> [aof] (got ${kind})`);
} catch (error) {
  reply({ error: error.message });
  process.exit(1);
}
reply({ address: server.brokers ?? server.url, logFile: server.logFile });

const operations = {
  start: () => server.start(),
  stop: () => server.stop(),
  kill: () => server.kill(),
  pause: () => server.pause(),
  resume: () => server.resume(),
  pid: () => server.pid() ?? null,
};

// One request at a time, in order: a stop must not overtake the start before it.
let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const { id, op } = JSON.parse(line);
  queue = queue.then(async () => {
    try {
      if (!(op in operations)) throw new Error(`unknown operation ${op}`);
      reply({ id, ok: true, result: (await operations[op]()) ?? null });
    } catch (error) {
      reply({ id, ok: false, error: error.message });
    }
  });
});
lines.on('close', () => {
  queue.then(() => server.stop()).finally(() => process.exit(0));
});
