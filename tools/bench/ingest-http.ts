// What the HTTP kit's layers (API-key guard, query pipe, problem filter, request id, access log)
// cost HTTP ingest: the real ingest app (startServiceApp, the access log written to a file) beside
// the same events handler with those layers bypassed, in one process, over one in-process bus. The
// load comes from a worker thread (keep-alive clients posting back to back); the two servers take
// turns, round after round, so both see the same machine. Prints, for one event per request and for
// 100 NDJSON events per request, the median requests/s and events/s of each, the median of the
// rounds' kit/bypassed ratios, and the process's CPU time per request (user + system, servers and
// load alike: the load's share is the same per request for both, so the difference is the kit's),
// which a loaded machine disturbs far less than the rates.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/ingest-http.ts [--seconds 2] [--rounds 8] [--clients 8]
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { loadConfig } from '@quell/platform-config';
import { createLogger, PipelineMetrics } from '@quell/platform-observability';
import { createSharedInfrastructure, PlatformModule, startServiceApp } from '@quell/platform-service-kit';
import { ingestConfigSchema, ingestService } from '@quell/service-ingest';
import { bareIngestModule } from './ingest-http/bare-ingest';

const API_KEY = 'bench-ingest-http-key';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

interface Shape {
  label: string;
  eventsPerRequest: number;
  contentType: string;
  body: string;
}

const event = (i: number) =>
  JSON.stringify({ '@timestamp': '2026-12-02T10:00:00Z', host: { name: `web-${i % 50}` }, event: { action: 'logon', outcome: 'success' }, user: { name: `u${i}` }, message: `bench event ${i}` });

const SHAPES: Shape[] = [
  { label: '1 event per request (JSON)', eventsPerRequest: 1, contentType: 'application/json', body: event(1) },
  { label: '100 events per request (NDJSON)', eventsPerRequest: 100, contentType: 'application/x-ndjson', body: Array.from({ length: 100 }, (_, i) => event(i)).join('\n') },
];

interface LoadResult {
  requests: number;
  events: number;
  failed: number;
  seconds: number;
  statuses: Record<string, number>;
  error?: string;
}

interface Measured {
  requestsPerSec: number;
  /** CPU µs of the whole process (servers and load) per answered request. */
  cpuMicros: number;
}

/** One run against one server, with the process's CPU time over it. */
async function measure(url: string, shape: Shape, seconds: number, clients: number): Promise<Measured> {
  const before = process.cpuUsage();
  const result = await load(url, shape, seconds, clients);
  const cpu = process.cpuUsage(before);
  if (result.failed > 0) throw new Error(`${url}: ${result.failed} requests failed (${JSON.stringify(result.statuses)})`);
  return { requestsPerSec: result.requests / result.seconds, cpuMicros: (cpu.user + cpu.system) / result.requests };
}

function load(url: string, shape: Shape, seconds: number, clients: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'ingest-http', 'http-load.worker.js'), {
      workerData: { url, apiKey: API_KEY, seconds, clients, body: shape.body, contentType: shape.contentType, eventsPerRequest: shape.eventsPerRequest },
    });
    worker.once('message', (result: LoadResult) => (result.error ? reject(new Error(result.error)) : resolve(result)));
    worker.once('error', reject);
  });
}

const url = (app: INestApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/v1/events`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const seconds = argument('seconds', 2);
  const rounds = argument('rounds', 8);
  const clients = argument('clients', 8);
  const logDir = mkdtempSync(join(tmpdir(), 'quell-bench-ingest-http-'));
  const config = loadConfig(ingestConfigSchema, { BUS: 'memory', SERVICE_NAME: 'ingest', INGEST_API_KEYS: `bench:${API_KEY}`, LOG_LEVEL: 'info' });
  // The access log goes where a service's log goes, a stream outside the process: a file here.
  const destination = pino.destination({ dest: join(logDir, 'ingest.log'), sync: false });
  const logger = createLogger({ service: 'ingest', level: config.LOG_LEVEL, destination });
  const infra = await createSharedInfrastructure(config, ingestService.uses, logger);
  const kit = await startServiceApp(ingestService, config, infra, { httpPort: 0, logger });

  @Module({ imports: [PlatformModule.forService({ service: 'ingest', config, infra, logger, metrics: new PipelineMetrics({ service: 'ingest' }) }), bareIngestModule()] })
  class BareRootModule {}
  const bare = await NestFactory.create(BareRootModule, { logger: ['error'], bodyParser: false, abortOnError: false });
  await bare.listen(0, '127.0.0.1');

  const servers = { kit: url(kit.app), bare: url(bare) };
  console.log(`HTTP ingest, kit layers on vs bypassed: ${rounds} rounds of ${seconds} s per server and shape, ${clients} keep-alive clients in a worker thread, in-process bus`);
  const rows: string[][] = [];
  try {
    for (const shape of SHAPES) {
      // A short warm-up of each, so the first measured round is not the JIT's.
      for (const target of Object.values(servers)) await load(target, shape, 1, clients);
      const runs: Record<'kit' | 'bare', Measured[]> = { kit: [], bare: [] };
      const ratios: number[] = [];
      for (let round = 0; round < rounds; round++) {
        // Alternate who goes first, so a drift of the machine's load does not favour one.
        const order: ('kit' | 'bare')[] = round % 2 === 0 ? ['kit', 'bare'] : ['bare', 'kit'];
        const pair: Partial<Record<'kit' | 'bare', Measured>> = {};
        for (const name of order) runs[name].push((pair[name] = await measure(servers[name], shape, seconds, clients)));
        ratios.push(pair.kit!.requestsPerSec / pair.bare!.requestsPerSec);
      }
      const rps = (name: 'kit' | 'bare') => median(runs[name].map((run) => run.requestsPerSec));
      const cpu = (name: 'kit' | 'bare') => median(runs[name].map((run) => run.cpuMicros));
      rows.push([
        shape.label,
        rps('kit').toFixed(0),
        rps('bare').toFixed(0),
        (rps('kit') * shape.eventsPerRequest).toFixed(0),
        (rps('bare') * shape.eventsPerRequest).toFixed(0),
        `${(median(ratios) * 100).toFixed(1)}%`,
        `${cpu('kit').toFixed(0)} / ${cpu('bare').toFixed(0)} µs`,
        `${(cpu('kit') - cpu('bare')).toFixed(0)} µs (${((cpu('kit') / cpu('bare') - 1) * 100).toFixed(1)}%)`,
      ]);
    }
  } finally {
    await bare.close();
    await kit.close();
    await infra.close();
    destination.flushSync();
    rmSync(logDir, { recursive: true, force: true });
  }
  const header = ['request shape', 'kit req/s', 'bypassed req/s', 'kit events/s', 'bypassed events/s', 'kit/bypassed (median of rounds)', 'CPU per request kit / bypassed', 'added by the kit'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log([line(header), ...rows.map(line)].join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
