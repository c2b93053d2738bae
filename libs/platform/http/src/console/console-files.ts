import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { ConsoleConfig } from './console-config';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};
const INDEX_PATHS = new Set(['/', '/console', '/console/', '/index.html']);
// What the console reads before sign-in (the OIDC provider to offer), beside index.html.
const CONFIG_PATHS = new Set(['/config.json', '/console/config.json']);
// One plain file name under assets/: no separators, no leading dot, so nothing outside dist is reachable.
const ASSET_PATH = /^(?:\/console)?\/assets\/([A-Za-z0-9_-][A-Za-z0-9_.-]*)$/;

/**
 * The web console's static files (apps/console/dist, built by `npm run build:console`) at `/`: of the
 * all-in-one's one port, and of the incident-manager's in the distributed mode. The shell needs no
 * key; every API it calls does. Hashed assets are cached for good, index.html never, so a new build
 * shows at the next load.
 */
export class ConsoleFiles {
  constructor(
    private readonly distDir: string,
    private readonly config: ConsoleConfig = {},
  ) {}

  /** True when the console has been built, for the start-up banner. */
  built(): boolean {
    return existsSync(path.join(this.distDir, 'index.html'));
  }

  /** Whether the path is the console's (the router asks before answering 404). */
  owns(urlPath: string): boolean {
    return INDEX_PATHS.has(urlPath) || ASSET_PATH.test(urlPath) || CONFIG_PATHS.has(urlPath);
  }

  serve(req: IncomingMessage, res: ServerResponse, urlPath: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.text(res, 405, 'the console is read with GET', { Allow: 'GET, HEAD' });
    if (CONFIG_PATHS.has(urlPath)) {
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES['.json'], 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
      return void res.end(req.method === 'HEAD' ? undefined : JSON.stringify(this.config));
    }
    const asset = ASSET_PATH.exec(urlPath)?.[1];
    const file = asset ? path.join(this.distDir, 'assets', asset) : path.join(this.distDir, 'index.html');
    if (!existsSync(file)) {
      if (asset) return this.text(res, 404, `no console asset ${asset}`);
      return this.text(res, 503, 'the console is not built: run `npm run build:console` (npm start does it when its sources change)');
    }
    const body = readFileSync(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': asset ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** As middleware before the routes: the console's paths answered here, every other one left to the API. */
  middleware() {
    return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
      const urlPath = (req.url ?? '/').split('?')[0];
      if (this.owns(urlPath)) this.serve(req, res, urlPath);
      else next();
    };
  }

  private text(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(`${message}\n`);
  }
}
