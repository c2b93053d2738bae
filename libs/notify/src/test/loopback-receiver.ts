import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChannelRequest } from '../channels/channel-request';

/** A parsed request body, checked field by field against the provider's documentation. */
// Untyped on purpose: the checks must not trust our own request types.
export type Json = Record<string, any>;

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/**
 * A provider stand-in on 127.0.0.1: records each request and answers with what `respond` returns
 * (status and body text), so a test asserts on the bytes that crossed a real socket.
 */
export class LoopbackReceiver {
  private constructor(private readonly server: Server, readonly baseUrl: string, readonly received: readonly ReceivedRequest[]) {}

  static async start(respond: (request: ReceivedRequest) => { status: number; body: string }): Promise<LoopbackReceiver> {
    const received: ReceivedRequest[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') };
        received.push(request);
        const answer = respond(request);
        res.writeHead(answer.status, { 'Content-Type': 'text/plain' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new LoopbackReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received);
  }

  /** The request re-pointed at this receiver, keeping the provider's path and query. */
  redirect(request: ChannelRequest): ChannelRequest {
    const url = new URL(request.url);
    return { ...request, url: `${this.baseUrl}${url.pathname}${url.search}` };
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

/** The small sender the notifier's will be modelled on: fetch, the request exactly as built. */
export async function sendChannelRequest(request: ChannelRequest): Promise<{ status: number; body: string }> {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  return { status: response.status, body: await response.text() };
}
