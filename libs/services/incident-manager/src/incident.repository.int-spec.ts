import { incidentIdFor } from '@quell/incidents';
import { createRedisClient } from '@quell/platform-redis';
import { RedisDocumentStore } from '@quell/platform-state';
import { requireRedisUrl, uniqueName } from '@quell/platform-testing';
import { incidentKey } from './incident.repository';
import { alert, DAY, recordsOf, replicaOn } from './test/incident-manager.fixture';
import { describeIncidentState } from './test/incident-state.contract';

// Throws (failing this file with instructions) when REDIS_URL is unset: never a silent skip.
const redis = createRedisClient(requireRedisUrl());
const rivalRedis = createRedisClient(requireRedisUrl());
afterAll(async () => {
  await Promise.all([redis.quit(), rivalRedis.quit()]);
});

describeIncidentState('redis', () => {
  const prefix = `${uniqueName('test')}:`;
  return { store: new RedisDocumentStore(redis, prefix), rival: new RedisDocumentStore(rivalRedis, prefix) };
});

describe('incident state on the Redis server', () => {
  it('is one document per incident under the tenant hash tag, expiring INCIDENT_STATE_TTL_MS after its last change', async () => {
    const prefix = `${uniqueName('test')}:`;
    await replicaOn(new RedisDocumentStore(redis, prefix)).handler.handle(recordsOf([alert('a1')]));
    const key = `${prefix}{acme}:doc:${incidentKey(incidentIdFor(alert('a1')))}`;
    expect(JSON.parse((await redis.hget(key, 'v')) ?? 'null')).toMatchObject({ incident: { alertIds: ['a1'], timelineDropped: 0 }, alerts: [{ id: 'a1' }] });
    expect(await redis.pttl(key)).toBeGreaterThan(DAY - 60_000);
    expect(await redis.pttl(`${prefix}{acme}:idx:open-by-entity:host:web-1`)).toBeGreaterThan(DAY - 60_000);
  });
});
