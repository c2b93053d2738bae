import Redis, { Cluster } from 'ioredis';

/** Port token of the raw ioredis client (standalone or cluster). */
export const REDIS = Symbol('REDIS');

/**
 * `redis://` or `rediss://` for one server; `redis+cluster://host1:port,host2:port` (or
 * `rediss+cluster://…`) for a cluster, given by any of its nodes.
 */
export function createRedisClient(url: string): Redis | Cluster {
  const cluster = /^(rediss?)\+cluster:\/\/(.+)$/.exec(url);
  if (!cluster) return new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
  const tls = cluster[1] === 'rediss';
  const [auth, hosts] = cluster[2].includes('@') ? cluster[2].split('@') : [undefined, cluster[2]];
  const [username, password] = auth ? auth.split(':') : [undefined, undefined];
  const nodes = hosts.split(',').map((hostPort) => {
    const [host, port] = hostPort.split(':');
    return { host, port: Number(port || 6379) };
  });
  return new Cluster(nodes, { redisOptions: { username, password, tls: tls ? {} : undefined, maxRetriesPerRequest: 3 } });
}
