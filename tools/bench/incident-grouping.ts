// Probe: alerts per second through the incident-manager's grouping (snapshot read, in-memory
// grouping and priority, conditional writes, alert map, race check) over the real Redis, beside a
// pass-through of the same batches (one getMany and one putMany of one document per alert) in the
// same run, with the Redis calls per batch. Alerts fall on HOSTS hosts, a tenth of the second half also naming a user
// shared by two hosts of a tenant, so incidents merge. Not a test: it prints.
//
//   source /tmp/quell-dev-infra.env && SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/incident-grouping.ts [alerts] [hosts] [batch]
import type { Alert } from '@quell/contracts';
import { createRedisClient } from '@quell/platform-redis';
import { RedisDocumentStore, type DocumentStore } from '@quell/platform-state';
import type { IncidentManagerConfig } from '../../libs/services/incident-manager/src/config';
import { AlertGrouping } from '../../libs/services/incident-manager/src/grouping/alert-grouping';
import { IncidentRepository } from '../../libs/services/incident-manager/src/incident.repository';
import { IncidentPriorities } from '../../libs/services/incident-manager/src/priority/incident-priorities';

const ALERTS = Number(process.argv[2] ?? 20_000);
const HOSTS = Number(process.argv[3] ?? 500);
const BATCH = Number(process.argv[4] ?? 500);
const redisUrl = process.env['REDIS_URL'];
if (!redisUrl) throw new Error('REDIS_URL is not set (source /tmp/quell-dev-infra.env)');
const START = Date.UTC(2026, 10, 25, 9, 0);

function alertOf(i: number): Alert {
  const host = i % HOSTS;
  const at = START + i * 100;
  const entities = [{ type: 'host', value: `host-${host}` }, ...(i % 10 === 0 && i >= ALERTS / 2 ? [{ type: 'user', value: `user-${host % (HOSTS / 2)}` }] : [])];
  return {
    id: `bench-${i}`, tenant: `t${host % 2}`, rule: { id: `rule-${i % 40}`, title: `Rule ${i % 40}`, version: null, level: ['low', 'medium', 'high'][i % 3], author: null, tags: [] },
    kind: 'detection', entities, fingerprint: `fp-${i % 40}-${host}`, firstSeen: at, lastSeen: at, eventCount: 1, sampleEventIds: [`ev-${i}`],
    tactics: [], techniques: [`T${1000 + (i % 30)}`], killChainPhase: null, explanation: null, details: {},
    suppression: { state: 'none', changeId: null, reason: null }, dedup: { count: 1, firstSeen: at },
  };
}

/** Counts the store calls (each one Redis round trip per tenant). */
function counted(store: DocumentStore, calls: { n: number }): DocumentStore {
  return {
    get: (ref) => (calls.n++, store.get(ref)),
    getMany: (refs) => (calls.n++, store.getMany(refs)),
    put: (ref, value, options) => (calls.n++, store.put(ref, value, options)),
    putMany: (writes) => (calls.n++, store.putMany(writes)),
    delete: (ref, options) => (calls.n++, store.delete(ref, options)),
    listByIndex: (tenant, index, term, options) => (calls.n++, store.listByIndex(tenant, index, term, options)),
  };
}

async function main(): Promise<void> {
  const redis = createRedisClient(redisUrl!);
  const alerts = Array.from({ length: ALERTS }, (_, i) => alertOf(i));
  const batches = Array.from({ length: Math.ceil(ALERTS / BATCH) }, (_, b) => alerts.slice(b * BATCH, (b + 1) * BATCH));
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
  console.log(`${ALERTS} alerts on ${HOSTS} hosts (2 tenants), batches of ${BATCH}`);

  const passCalls = { n: 0 };
  const pass = counted(new RedisDocumentStore(redis, `bench-pass-${process.pid}:`), passCalls);
  let started = performance.now();
  for (const batch of batches) {
    await pass.getMany(batch.map((a) => ({ tenant: a.tenant, key: `alert:${a.id}` })));
    await pass.putMany(batch.map((a) => ({ ref: { tenant: a.tenant, key: `alert:${a.id}` }, value: a, options: { ttlMs: 600_000 } })));
  }
  const passMs = performance.now() - started;

  const calls = { n: 0 };
  const config = { INCIDENT_STATE_TTL_MS: 600_000, INCIDENT_GROUPING_WINDOW_MS: 3_600_000, INCIDENT_GROUPING_ENTITY_TYPES: ['host', 'user', 'ip', 'service'], INCIDENT_GROUPING_TENANTS: {} } as unknown as IncidentManagerConfig;
  const repository = new IncidentRepository(counted(new RedisDocumentStore(redis, `bench-group-${process.pid}:`), calls), config);
  const grouping = new AlertGrouping(repository, new IncidentPriorities(config, logger), config);
  const incidents = new Map<string, number>();
  started = performance.now();
  for (const batch of batches) for (const incident of await grouping.group(batch, Date.now())) incidents.set(incident.id, incident.status === 'open' ? 1 : 0);
  const groupMs = performance.now() - started;
  const open = [...incidents.values()].filter((v) => v === 1).length;

  const rate = (ms: number) => Math.round(ALERTS / (ms / 1000));
  console.log(`pass-through: ${rate(passMs)} alerts/s (${passMs.toFixed(0)} ms, ${(passCalls.n / batches.length).toFixed(1)} store calls per batch)`);
  console.log(`grouping:     ${rate(groupMs)} alerts/s (${groupMs.toFixed(0)} ms, ${(calls.n / batches.length).toFixed(1)} store calls per batch); ${incidents.size} incidents, ${open} open, ${incidents.size - open} merged away`);
  await redis.quit();
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
