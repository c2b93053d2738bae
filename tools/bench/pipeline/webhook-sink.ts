import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

/**
 * The notifier's environment that sends each opened incident to `url` through a routing file, as a
 * deployment with routing files runs it: the transition is routed to a signed `webhook` channel and
 * its message credits the incident's rules from the incident history. The legacy
 * NOTIFY_WEBHOOK_URL skips both. The file is written into `dir`.
 */
export function routedWebhookEnv(dir: string, url: string): Record<string, string> {
  const file = join(dir, 'routes.yaml');
  const routes = [
    'version: 1',
    'channels:',
    '  bench-sink: { type: webhook, urlEnv: BENCH_SINK_URL, secretEnv: BENCH_SINK_SECRET }',
    'routes:',
    '  - name: every-opened-incident',
    '    match: { transition: opened }',
    '    to: bench-sink',
  ];
  writeFileSync(file, `${routes.join('\n')}\n`);
  return { NOTIFY_ROUTES_FILE: file, BENCH_SINK_URL: url, BENCH_SINK_SECRET: randomUUID() };
}

interface Entity {
  type: string;
  value: string;
}

/**
 * The notifier's webhook receiver: the end of the pipeline as seen from outside. Records when the
 * first notification naming each host arrived (an alert-raising event's host is its own). It reads
 * the routed webhook's body (`entities`) and the legacy webhook's (`incident.entities`).
 */
export class WebhookSink {
  /** host → arrival time (performance.now() ms) of the first incident naming it. */
  readonly firstByHost = new Map<string, number>();
  calls = 0;
  /** Calls naming none of the hosts `attributable` accepts (set for a calibration). */
  unattributed = 0;
  attributable: (host: string) => boolean = () => true;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        this.calls += 1;
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString()) as { entities?: Entity[]; incident?: { entities?: Entity[] } };
          const hosts = (body.entities ?? body.incident?.entities ?? []).filter((e) => e.type === 'host').map((e) => e.value);
          for (const host of hosts) if (!this.firstByHost.has(host)) this.firstByHost.set(host, at);
          if (!hosts.some(this.attributable)) this.unattributed += 1;
        } catch {
          this.unattributed += 1;
        }
        res.writeHead(200).end('ok');
      });
    });
    this.server.keepAliveTimeout = 60_000;
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return `http://127.0.0.1:${port}/hook`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
