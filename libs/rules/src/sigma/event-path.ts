import type { Event } from '@quell/contracts';

/** The Event's top-level keys a field mapping or a pipeline condition may name (rawText is searched with keywords only). */
export const EVENT_PATH_ROOTS: ReadonlySet<string> = new Set([
  'id', 'tenant', 'time', 'source', 'className', 'action', 'outcome', 'severity', 'host', 'user', 'src', 'dst', 'process',
  'service', 'message', 'tags', 'original', 'code', 'provider', 'observer', 'network', 'file', 'registry', 'dns', 'url',
  'http', 'userAgent', 'cloud',
]);

/**
 * The value at a dotted path on the Event (`process.commandLine`), as a string; `original.<name>` is the
 * record's own field `<name>`, dots and all. Undefined when absent, null or not a scalar.
 */
export function valueAt(event: Event, path: string): string | undefined {
  if (path.startsWith('original.')) return event.original[path.slice('original.'.length)];
  let node: unknown = event;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  return undefined;
}
