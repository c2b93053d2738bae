import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChannelCall {
  /** The first path segment: which channel was called. */
  channel: string;
  method: string;
  path: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface ChannelAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answers this long after the request arrived (a slow receiver). */
  delayMs?: number;
}

/**
 * Stands in for every channel of a routing file on one loopback port: `/<channel>/...` is recorded
 * and answered by `answer(channel, callsBefore, path, body)` (200 by default).
 */
export class ChannelReceiver {
  readonly calls: ChannelCall[] = [];
  private server?: Server;

  constructor(private readonly answer: (channel: string, callsBefore: number, path: string, body: string) => ChannelAnswer = () => ({ status: 200 })) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const channel = (req.url ?? '/').split('/')[1] ?? '';
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = this.answer(channel, this.callsOf(channel).length, req.url ?? '/', body);
        this.calls.push({ channel, method: req.method ?? '', path: req.url ?? '/', status: answer.status, headers: req.headers, body, at: Date.now() });
        const reply = () => res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.body ?? (answer.status < 300 ? 'ok' : 'no'));
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  callsOf(channel: string): ChannelCall[] {
    return this.calls.filter((call) => call.channel === channel);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
