import type { Event } from '@quell/contracts';

const HASHES = ['md5', 'sha1', 'sha256'];

/**
 * The Event's scalar fields a field mapping or a pipeline condition may name, by top-level key:
 * null for a scalar, else its sub-paths (keep in step with the Event contract). rawText is left
 * out: it is searched with keywords only.
 */
const EVENT_PATHS: Readonly<Record<string, readonly string[] | null>> = {
  id: null, tenant: null, time: null, ingestTime: null, className: null, classUid: null, action: null, outcome: null,
  severity: null, service: null, message: null, code: null, provider: null, userAgent: null,
  source: ['type', 'name'],
  host: ['name', 'ip'],
  user: ['name', 'domain'],
  src: ['ip', 'port'],
  dst: ['ip', 'port'],
  process: ['pid', 'name', 'executable', 'commandLine', 'parentName', 'parentCommandLine', 'parentExecutable', 'parentPid', ...HASHES.map((h) => `hash.${h}`)],
  observer: ['vendor', 'product', 'version', 'hostname', 'ip', 'type'],
  network: ['transport', 'protocol', 'direction'],
  file: ['path', 'name', ...HASHES.map((h) => `hash.${h}`)],
  registry: ['path', 'value', 'data'],
  dns: ['questionName'],
  url: ['full', 'domain'],
  http: ['requestMethod', 'responseStatusCode'],
  cloud: ['provider', 'accountId', 'region', 'serviceName'],
};

/** Why `path` names no Event value (a reason for the user), or undefined when it does. */
export function eventPathProblem(path: string): string | undefined {
  if (path === 'rawText') return `"${path}": the raw record is searched with keywords, not as a field`;
  if (path.startsWith('original.')) return path.length > 'original.'.length ? undefined : `"${path}" names no original field`;
  const dot = path.indexOf('.');
  const root = dot < 0 ? path : path.slice(0, dot);
  const subs = EVENT_PATHS[root];
  if (subs === undefined) return `"${path}" is not an Event field (original.<name> names the record's own field)`;
  if (subs === null ? dot < 0 : subs.includes(path.slice(dot + 1))) return undefined;
  return `"${path}" is not an Event field (${subs === null ? root : subs.map((s) => `${root}.${s}`).join(', ')})`;
}

/**
 * The value at a dotted path on the Event (`process.commandLine`), as a string; `original.<name>` is the
 * record's own field `<name>`, dots and all. Undefined when absent, null or not a scalar.
 */
export function valueAt(event: Event, path: string): string | undefined {
  return readerOf(path)(event);
}

/** A reader of one path, its parts split once (pipelines read the same few paths on every event). */
export function readerOf(path: string): (event: Event) => string | undefined {
  if (path.startsWith('original.')) {
    const name = path.slice('original.'.length);
    return (event) => event.original[name];
  }
  const keys = path.split('.');
  return (event) => scalarAt(event, keys);
}

function scalarAt(event: Event, keys: readonly string[]): string | undefined {
  let node: unknown = event;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  return undefined;
}
