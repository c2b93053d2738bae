import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A real HTTP server answering each request with the next of `answers`, and keeping what it was sent. */
export class AnsweringServer {
  readonly seen: SeenRequest[] = [];
  private readonly server: Server;

  constructor(answers: ((res: ServerResponse, req: SeenRequest) => void)[]) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const seen = { headers: req.headers, body: Buffer.concat(chunks) };
        this.seen.push(seen);
        const answer = answers[Math.min(this.seen.length, answers.length) - 1];
        answer(res, seen);
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }
}

