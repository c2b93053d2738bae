import { createRedisClient, type RedisClient } from '@quell/platform-redis';
import { startRedisCluster, uniqueName, type LocalRedisCluster } from '@quell/platform-testing';
import { RedisDocumentStore } from './redis-document-store';
import { describeDocumentStore } from './test/document-store.contract';

// A Redis Cluster of three masters of this test's own (redis-server from PATH, as the test
// infrastructure uses): the per-tenant hash tag must keep every script and pipeline in one slot,
// or the cluster refuses it (CROSSSLOT).
let cluster: LocalRedisCluster;
let redis: RedisClient;
let rivalRedis: RedisClient;

beforeAll(async () => {
  cluster = await startRedisCluster(3);
  redis = createRedisClient(cluster.url);
  rivalRedis = createRedisClient(cluster.url);
}, 60_000);

afterAll(async () => {
  redis?.disconnect();
  rivalRedis?.disconnect();
  await cluster?.stop();
});

describeDocumentStore('redis cluster', (limits) => {
  const prefix = `${uniqueName('test')}:`;
  return {
    store: new RedisDocumentStore(redis, prefix, limits),
    rival: new RedisDocumentStore(rivalRedis, prefix, limits),
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
});

describe('RedisDocumentStore on a cluster', () => {
  it('reads and writes one batch across tenants on different masters, one pipeline per tenant', async () => {
    const store = new RedisDocumentStore(redis, `${uniqueName('test')}:`);
    const masterOf = async (tenant: string) => Math.floor((Number(await redis.call('CLUSTER', 'KEYSLOT', `{${tenant}}`)) * 3) / 16384);
    // Three even slot ranges: acme's tag falls in the last third, umbrella's in the middle one.
    expect(new Set(await Promise.all(['acme', 'umbrella'].map(masterOf))).size).toBe(2);
    const refs = ['acme', 'umbrella', 'acme'].map((tenant, i) => ({ tenant, key: `k${i}` }));
    const outcomes = await store.putMany(refs.map((ref, i) => ({ ref, value: i, options: { ttlMs: 60_000, ifVersion: 0, index: { changes: ['host:web-1'] } } })));
    expect(outcomes).toEqual([1, 1, 1].map((version) => ({ ok: true, version })));
    expect(await store.getMany(refs)).toEqual([0, 1, 2].map((value) => ({ value, version: 1 })));
    expect((await store.listByIndex('umbrella', 'changes', 'host:web-1', { limit: 10 })).map((d) => d.key)).toEqual(['k1']);
  });
});
