import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { openApiDocuments } from './openapi-documents';

// The distributed mode's one origin (deploy/k8s/ingress.yaml, deploy/gateway/nginx.conf for compose)
// does what the all-in-one's one port does: each path to the service that serves it. Checked here,
// beside the services' OpenAPI documents, so a new API that is not routed fails a test.

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const INTERNAL = new Set(['/health/live', '/health/ready', '/metrics', '/openapi.json']);
const CONSOLE_PATHS = ['/', '/index.html', '/config.json', '/console', '/console/', '/console/config.json', '/assets/index-Ab12.js', '/console/assets/index-Ab12.js'];

interface IngressPath {
  path: string;
  pathType: 'Exact' | 'Prefix';
  backend: { service: { name: string; port: { name: string } } };
}

function ingressPaths(): IngressPath[] {
  const [ingress] = parseAllDocuments(read('deploy/k8s/ingress.yaml')).map((doc) => doc.toJS() as { kind: string; spec: { rules: { http: { paths: IngressPath[] } }[] } });
  expect(ingress.kind).toBe('Ingress');
  return ingress.spec.rules.flatMap((rule) => rule.http.paths);
}

/** The Service an Ingress sends a path to, as networking.k8s.io/v1 says: an Exact match, else the longest Prefix by path elements. */
function ingressTarget(paths: IngressPath[], path: string): string | undefined {
  const exact = paths.find((p) => p.pathType === 'Exact' && p.path === path);
  if (exact) return exact.backend.service.name;
  const elements = (text: string) => text.split('/').filter(Boolean);
  const prefixes = paths.filter((p) => p.pathType === 'Prefix' && elements(p.path).every((element, i) => elements(path)[i] === element));
  return prefixes.sort((a, b) => elements(b.path).length - elements(a.path).length)[0]?.backend.service.name;
}

interface NginxLocation {
  modifier: '=' | '~' | '';
  pattern: string;
  /** `service:port`, or undefined for a location that answers itself (the 404). */
  upstream: string | undefined;
}

function nginxLocations(): NginxLocation[] {
  const blocks = [...read('deploy/gateway/nginx.conf').matchAll(/location\s+(?:(=|~)\s+)?(\S+)\s*\{([^}]*)\}/g)];
  return blocks.map(([, modifier, pattern, body]) => ({ modifier: (modifier ?? '') as NginxLocation['modifier'], pattern, upstream: /set \$service ([\w.-]+:\d+);/.exec(body)?.[1] }));
}

/** The `service:port` nginx passes a path to: an exact location, else the first matching regex, else the longest prefix. */
function nginxTarget(locations: NginxLocation[], path: string): string | undefined {
  const exact = locations.find((l) => l.modifier === '=' && l.pattern === path);
  if (exact) return exact.upstream;
  const regex = locations.find((l) => l.modifier === '~' && new RegExp(l.pattern).test(path));
  if (regex) return regex.upstream;
  return locations.filter((l) => l.modifier === '' && path.startsWith(l.pattern)).sort((a, b) => b.pattern.length - a.pattern.length)[0]?.upstream;
}

/** One concrete path per documented route: `/v1/changes/{id}/approve` as `/v1/changes/id-1/approve`. */
function publicPathsByService(): [service: string, path: string][] {
  return Object.entries(openApiDocuments()).flatMap(([service, document]) =>
    Object.keys(document.paths)
      .filter((path) => !INTERNAL.has(path))
      .map((path) => [service, path.replace(/\{[^}]+\}/g, 'id-1')] as [string, string]),
  );
}

describe('the distributed mode’s one origin', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, { image?: string; ports?: string[]; volumes?: string[]; environment?: Record<string, unknown> }>;
  };
  const publicPaths = publicPathsByService();

  it('has public paths to route (the documents are read)', () => {
    expect(publicPaths.map(([service]) => service)).toEqual(expect.arrayContaining(['ingest', 'correlator', 'change-calendar', 'incident-manager']));
  });

  it('k8s: the Ingress sends every documented API path to the service that serves it, the console to the incident-manager', () => {
    const paths = ingressPaths();
    for (const [service, path] of publicPaths) expect([path, ingressTarget(paths, path)]).toEqual([path, service]);
    for (const path of CONSOLE_PATHS) expect([path, ingressTarget(paths, path)]).toEqual([path, 'incident-manager']);
    for (const path of INTERNAL) expect([path, ingressTarget(paths, path)]).toEqual([path, undefined]);
    expect(ingressTarget(paths, '/v1/changesets')).toBe('incident-manager');
    expect(paths.every((p) => p.backend.service.port.name === 'http')).toBe(true);
    expect((parse(read('deploy/k8s/kustomization.yaml')) as { resources: string[] }).resources).toContain('ingress.yaml');
  });

  it('compose: the gateway does the same, on each service’s HTTP_PORT, and is the one published :8080', () => {
    const locations = nginxLocations();
    const upstreamOf = (service: string) => `${service}:${String(compose.services[service].environment?.['HTTP_PORT'])}`;
    for (const [service, path] of publicPaths) expect([path, nginxTarget(locations, path)]).toEqual([path, upstreamOf(service)]);
    for (const path of CONSOLE_PATHS) expect([path, nginxTarget(locations, path)]).toEqual([path, upstreamOf('incident-manager')]);
    for (const path of INTERNAL) expect([path, nginxTarget(locations, path)]).toEqual([path, undefined]);
    // A look-alike of a resource is not it.
    expect(nginxTarget(locations, '/v1/changesets')).toBe(upstreamOf('incident-manager'));

    const gateway = compose.services['gateway'];
    expect(gateway.volumes).toEqual(['./deploy/gateway/nginx.conf:/etc/nginx/conf.d/default.conf:ro']);
    const published = Object.entries(compose.services).filter(([, s]) => s.ports?.some((p) => p.startsWith('8080:')));
    expect(published.map(([name]) => name)).toEqual(['gateway']);
  });

  it('compose: the console’s one key (the demo key by default) opens every API it calls', () => {
    const keys = { 'incident-manager': 'INCIDENTS_API_KEYS', correlator: 'RULES_API_KEYS', 'change-calendar': 'CHANGE_CALENDAR_API_KEYS' };
    for (const [service, key] of Object.entries(keys)) expect([key, String(compose.services[service].environment?.[key])]).toEqual([key, expect.stringContaining('quell-demo-key')]);
  });
});
