import { createServer, type Server } from 'node:http';

export interface ReceivedCall {
  headers: Record<string, string | string[] | undefined>;
  body: { event: string; incident: { id: string; version: number; entities: { type: string; value: string }[] } };
}

/** A real HTTP receiver standing in for a chat or paging webhook. */
export class WebhookReceiver {
  readonly calls: ReceivedCall[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.calls.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}/hook`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
