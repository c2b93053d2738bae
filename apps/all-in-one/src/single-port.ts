import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, type ConsoleFiles, type OpenApiDocument } from '@quell/platform-http';
import type { HealthRegistry } from '@quell/platform-observability';

/** One service of the all-in-one as the single port sees it: its request handler, document and probes. */
export interface MountedService {
  name: string;
  /** The service's HTTP app (Express) as a request listener: its routes, auth, problem+json. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  document: OpenApiDocument;
  health: HealthRegistry;
}

const SHARED_PATHS = new Set(['/health/live', '/health/ready', '/metrics', '/openapi.json']);
const READINESS_TIMEOUT_MS = 2000;

/** `/v1/incidents` for `/v1/incidents/{id}/acknowledge`: the part of a path that names the resource, hence the service. */
export function resourceOf(path: string): string {
  return `/${path.split('?')[0].split('/').filter(Boolean).slice(0, 2).join('/')}`;
}

/**
 * Every service's API on one port: a request goes to the service whose OpenAPI document holds its
 * resource (`/v1/changes/…` to the change calendar); health answers for all the services
 * together; /metrics is one exposition already (one registry per process); /openapi.json merges
 * the documents. Two services claiming one resource is a start-up error, not a silent winner.
 */
export class SinglePortRouter {
  private readonly owners = new Map<string, MountedService>();
  readonly document: OpenApiDocument;

  /** `console`: the web console's static files at `/` (left out, `/` is a 404 like any unknown path). */
  constructor(
    private readonly services: readonly MountedService[],
    private readonly console?: ConsoleFiles,
  ) {
    for (const service of services) {
      for (const path of Object.keys(service.document.paths)) {
        if (SHARED_PATHS.has(path)) continue;
        const resource = resourceOf(path);
        const owner = this.owners.get(resource);
        if (owner && owner !== service) throw new Error(`${resource} is served by both ${owner.name} and ${service.name}`);
        this.owners.set(resource, service);
      }
    }
    this.document = mergedDocument(services.map((s) => s.document));
  }

  /** The resources served and by whom, for the start-up banner and tests. */
  routes(): Record<string, string> {
    return Object.fromEntries([...this.owners].map(([resource, service]) => [resource, service.name]));
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health/live') return this.answer(res, this.liveness());
    if (path === '/health/ready') return void this.readiness().then((report) => this.answer(res, report));
    if (path === '/openapi.json') return this.answer(res, { status: 200, body: this.document });
    if (path === '/metrics') return this.services[0].handle(req, res);
    const owner = this.owners.get(resourceOf(path));
    if (owner) return owner.handle(req, res);
    if (this.console?.owns(path)) return this.console.serve(req, res, path);
    res.writeHead(404, { 'Content-Type': PROBLEM_CONTENT_TYPE });
    res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: `no Quell API at ${path}; see /openapi.json` }));
  };

  private liveness(): { status: number; body: object } {
    const failed = this.services.flatMap((s) => s.health.liveness().failed.map((check) => `${s.name}: ${check}`));
    return failed.length === 0 ? { status: 200, body: { status: 'ok' } } : { status: 503, body: { status: 'not_live', failed } };
  }

  private async readiness(): Promise<{ status: number; body: object }> {
    const reports = await Promise.all(this.services.map(async (s) => [s.name, await s.health.evaluate(READINESS_TIMEOUT_MS)] as const));
    const failed = reports.flatMap(([name, report]) => report.failed.map((check) => `${name}: ${check}`));
    const checks = Object.fromEntries(reports.map(([name, report]) => [name, report.checks]));
    return failed.length === 0 ? { status: 200, body: { status: 'ok', checks } } : { status: 503, body: { status: 'not_ready', failed, checks } };
  }

  private answer(res: ServerResponse, { status, body }: { status: number; body: object }): void {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  }
}

/** The services' documents as one: every path, and the components (same-named schemas are the kit's shared ones). */
function mergedDocument(documents: readonly OpenApiDocument[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const components: Record<string, Record<string, unknown>> = {};
  for (const document of documents) {
    Object.assign(paths, document.paths);
    for (const [kind, entries] of Object.entries((document['components'] ?? {}) as Record<string, Record<string, unknown>>)) {
      components[kind] = { ...entries, ...components[kind] };
    }
  }
  return {
    openapi: documents[0]?.openapi ?? '3.1.0',
    info: { title: 'Quell (all-in-one)', version: ((documents[0]?.['info'] ?? {}) as { version?: string }).version ?? '0' },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components,
  };
}
