import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request whose path goes out exactly as written (fetch resolves `..` before sending): the traversal specs need it. */
export function rawRequest(baseUrl: string, path: string, method = 'GET'): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((done, fail) => {
    const req = request({ host: hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk)).on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail).end();
  });
}

/** A console build as Vite lays it out (index.html, one hashed asset), with a file beside it that must never be served. */
export function fakeConsoleBuild(): { dir: string; asset: string; secret: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'quell-console-')), 'dist');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="en"><title>Quell</title></html>');
  writeFileSync(join(dir, 'assets', 'index-Ab12_x.js'), 'console.log(1)');
  writeFileSync(join(dir, '..', 'secret.txt'), 'not for the web');
  return { dir, asset: 'index-Ab12_x.js', secret: 'not for the web' };
}
