/** Where a Redis URL points: one server (ioredis reads the URL itself) or a cluster's seed nodes. */
export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | { kind: 'cluster'; nodes: { host: string; port: number }[]; username?: string; password?: string; tls: boolean };

const DEFAULT_PORT = 6379;

/**
 * `redis://[user:pass@]host[:port][/db]` or `rediss://…` (TLS) for one server;
 * `redis+cluster://[user:pass@]host1:port,host2:port` (or `rediss+cluster://…`) for a cluster, named
 * by any of its nodes (ioredis discovers the rest). A cluster has no database number, so no path.
 * IPv6 hosts go in brackets: `redis+cluster://[::1]:7000,[::1]:7001`.
 */
export function parseRedisUrl(url: string): RedisTarget {
  const match = /^(rediss?)(\+cluster)?:\/\/(.*)$/.exec(url.trim());
  if (!match) throw new Error(`unsupported Redis URL ${redactRedisUrl(url)}: expected redis://, rediss://, redis+cluster:// or rediss+cluster://`);
  const [, scheme, cluster, rest] = match;
  if (!cluster) return { kind: 'standalone', url: url.trim() };

  const at = rest.lastIndexOf('@');
  const auth = at >= 0 ? rest.slice(0, at) : undefined;
  const hosts = (at >= 0 ? rest.slice(at + 1) : rest).replace(/\/$/, '');
  const nodes = hosts
    .split(',')
    .map((node) => node.trim())
    .filter((node) => node.length > 0)
    .map((node) => parseNode(node, url));
  if (nodes.length === 0) throw new Error(`Redis cluster URL ${redactRedisUrl(url)} names no node`);
  const colon = auth?.indexOf(':') ?? -1;
  const username = auth === undefined ? undefined : decodeURIComponent(colon >= 0 ? auth.slice(0, colon) : auth);
  const password = auth !== undefined && colon >= 0 ? decodeURIComponent(auth.slice(colon + 1)) : undefined;
  return { kind: 'cluster', nodes, username: username || undefined, password, tls: scheme === 'rediss' };
}

function parseNode(node: string, url: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:/]+)(?::(\d+))?$/.exec(node);
  if (!match) throw new Error(`Redis cluster URL ${redactRedisUrl(url)} has an invalid node "${node}"`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port: match[2] ? Number(match[2]) : DEFAULT_PORT };
}

/** The URL with its credentials masked, for errors and logs. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
