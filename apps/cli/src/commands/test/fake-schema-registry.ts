import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Stored {
  subject: string;
  version: number;
  id: number;
  schema: string;
}

/**
 * The part of Confluent Schema Registry's REST API that `quell schemas register` uses, with its
 * rules: an explicit id only in IMPORT mode, IMPORT on a non-empty subject only with force, an id
 * never reused for another schema. No registry runs in CI (Java, Confluent Community License).
 */
export class FakeSchemaRegistry {
  readonly schemas: Stored[] = [];
  readonly modes = new Map<string, string>();
  readonly authorizations: (string | undefined)[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.answer(request).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async answer(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    this.authorizations.push(request.headers.authorization);
    const url = new URL(request.url ?? '/', 'http://registry');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
    const error = (status: number, code: number, message: string) => ({ status, body: { error_code: code, message } });
    let match: RegExpExecArray | null;
    if ((match = /^\/schemas\/ids\/(\d+)$/.exec(url.pathname)) && request.method === 'GET') {
      const found = this.schemas.find((s) => s.id === Number(match![1]));
      return found ? { status: 200, body: { schema: found.schema } } : error(404, 40403, 'Schema not found');
    }
    if ((match = /^\/mode\/([^/]+)$/.exec(url.pathname))) {
      const subject = decodeURIComponent(match[1]);
      if (request.method === 'GET') return this.modes.has(subject) ? { status: 200, body: { mode: this.modes.get(subject) } } : error(404, 40409, 'Subject mode not configured');
      if (request.method === 'DELETE') {
        this.modes.delete(subject);
        return { status: 200, body: {} };
      }
      const mode = String(body['mode']);
      if (mode === 'IMPORT' && this.schemas.some((s) => s.subject === subject) && url.searchParams.get('force') !== 'true') {
        return error(422, 42205, `Cannot import since found existing subjects`);
      }
      this.modes.set(subject, mode);
      return { status: 200, body: { mode } };
    }
    if ((match = /^\/subjects\/([^/]+)\/versions$/.exec(url.pathname)) && request.method === 'POST') {
      const subject = decodeURIComponent(match[1]);
      const id = body['id'] as number | undefined;
      if (id !== undefined && this.modes.get(subject) !== 'IMPORT') return error(422, 42205, `Subject ${subject} is not in import mode`);
      const taken = this.schemas.find((s) => s.id === id);
      if (taken && taken.schema !== body['schema']) return error(422, 42207, `Overwrite new schema with id ${id} is not permitted.`);
      const assigned = id ?? 1 + Math.max(0, ...this.schemas.map((s) => s.id));
      this.schemas.push({ subject, version: Number(body['version']), id: assigned, schema: String(body['schema']) });
      return { status: 200, body: { id: assigned } };
    }
    return error(404, 40400, `no route ${request.method} ${url.pathname}`);
  }
}
