import { createServer, type Server } from 'node:http';
import { emptyIncidentParts, type Incident } from '@quell/contracts';

/** When this test file was loaded: one incident built twice is the same record (a replay). */
const LOADED_AT = Date.now();

/** An opened incident as the incident manager publishes it, first seen five minutes before `now` (older transitions notify nobody). */
export const openedIncident = (id: string, now = LOADED_AT): Incident => ({
  id, tenant: 'acme', title: `Incident ${id}`, status: 'open', severity: 'medium', priority: 3,
  services: [], entities: [{ type: 'host', value: 'web-1' }], alertIds: ['a1'], alertCount: 1,
  firstSeen: now - 300_000, lastSeen: now - 60_000, killChainPhases: [],
  relatedChangeIds: [], assignee: null, timeline: [], ...emptyIncidentParts(), timelineDropped: 0, version: 1,
});

export interface ReceivedCall {
  id: string;
  status: number;
  idempotencyKey: string;
  at: number;
}

/** A real webhook receiver answering each call with `statusFor` (the incident id and how often it was called before). */
export class FailingReceiver {
  readonly calls: ReceivedCall[] = [];
  private server?: Server;

  constructor(
    private readonly statusFor: (id: string, seenBefore: number) => number,
    /** Sent with every answer that is not a 2xx (a Retry-After). */
    private readonly refusalHeaders: Record<string, string> = {},
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = (JSON.parse(Buffer.concat(chunks).toString()) as { incident: { id: string } }).incident.id;
        const status = this.statusFor(id, this.calls.filter((c) => c.id === id).length);
        this.calls.push({ id, status, idempotencyKey: String(req.headers['idempotency-key']), at: Date.now() });
        res.writeHead(status, status >= 300 ? this.refusalHeaders : {}).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hook`;
  }

  callsOf(id: string): ReceivedCall[] {
    return this.calls.filter((c) => c.id === id);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
