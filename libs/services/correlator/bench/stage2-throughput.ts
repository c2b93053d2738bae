// Stage-2 throughput of one matches partition: matches/s through MatchesHandler (windows plus the
// per-batch state write to an in-memory store) and the bytes the last batch wrote, for N active groups.
// Then the kill chain over M entities: records/s, and the kill-chain state each batch writes per
// entity (header part plus the touched entities' fields) beside what the whole snapshot would be.
// Run: SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register libs/services/correlator/bench/stage2-throughput.ts <groups> <matches> [entities]
import { AvroCodec, topicsFor, type RuleMatch } from '@quell/contracts';
import { TACTIC_ORDER } from '@quell/killchain';
import type { InboundRecord } from '@quell/platform-kafka';
import { createLogger, PipelineMetrics } from '@quell/platform-observability';
import { InMemoryStateStore, type HashChange } from '@quell/platform-state';
import { RuleCatalog } from '@quell/rules';
import { CorrelatorMetrics } from '../src/correlator.metrics';
import { killChainProcessor } from '../src/killchain/killchain.processor';
import { CorrelatorRules } from '../src/rules/correlator-rules';
import { MatchesHandler } from '../src/windows/matches.handler';
import { readField } from '../src/windows/partition-windows';
import { bruteForce, FAILED_LOGON } from '../src/test/correlator-test-rules';

const groupsArg = Number(process.argv[2] ?? 10000);
const total = Number(process.argv[3] ?? 100000);
const entitiesArg = Number(process.argv[4] ?? 10000);
const BATCH = 500;
const topics = topicsFor('');
const rules = CorrelatorRules.fromCatalog(RuleCatalog.build({ 'f.yml': FAILED_LOGON, 'b.yml': bruteForce(1000000) }));
const T0 = Date.parse('2026-11-28T10:00:00Z');

/** A handler on an in-memory store whose every hash write is shown to `onWrite` first. */
function stage2(onWrite: (change: HashChange) => void): MatchesHandler {
  const store = new InMemoryStateStore();
  const write = store.writeHash.bind(store);
  store.writeHash = async (key, change) => {
    onWrite(change);
    return write(key, change);
  };
  return new MatchesHandler(new AvroCodec(), topics, { current: rules } as never, store,
    { BATCH_MAX_RECORDS: BATCH, CORRELATION_ALLOWED_LATENESS_MS: 60000 } as never, createLogger({ service: 'b', level: 'silent' }),
    new CorrelatorMetrics(new PipelineMetrics({ service: 'b', collectDefaults: false })), [killChainProcessor({ clock: () => T0 })]);
}

function failedLogon(offset: number): InboundRecord<RuleMatch> {
  const ip = `10.${(offset % groupsArg) >> 16 & 255}.${(offset % groupsArg) >> 8 & 255}.${offset % groupsArg & 255}`;
  return { topic: topics.matches, partition: 0, offset: String(offset), key: null, headers: {}, timestamp: 0, value: {
    matchId: `e${offset}#r`, tenant: 'acme', correlationId: '33333333-3333-4333-8333-333333333333', groupKey: `["${ip}"]`,
    rule: { id: '11111111-1111-4111-8111-111111111111', name: 'failed_logon', title: 'Failed logon', level: 'low' },
    eventId: `e${offset}`, eventTime: T0 + offset * 10, fields: { src_ip: ip }, entities: [] } };
}

/** An alert with one tactic about one of the hosts, keyed for the kill chain (tactics cycle, so hosts escalate now and then). */
function tacticAlert(offset: number): InboundRecord<RuleMatch> {
  const host = `host-${offset % entitiesArg}`;
  const tactic = TACTIC_ORDER[(offset * 7) % TACTIC_ORDER.length];
  return { topic: topics.matches, partition: 0, offset: String(offset), key: null, headers: {}, timestamp: 0, value: {
    matchId: `a${offset}|host|${host}`, tenant: 'acme', correlationId: 'killchain:host', groupKey: JSON.stringify([host]),
    rule: { id: `rule-${offset % 40}`, name: null, title: `Rule ${offset % 40}`, level: 'medium' },
    eventId: `a${offset}`, eventTime: T0 + offset * 100, fields: { tactics: tactic }, entities: [{ type: 'host', value: host }] } };
}

async function run(record: (offset: number) => InboundRecord<RuleMatch>, handler: MatchesHandler, afterBatch: () => void): Promise<number> {
  let seconds = 0;
  for (let o = 0; o < total; o += BATCH) {
    const batch = Array.from({ length: BATCH }, (_, i) => record(o + i));
    const started = process.hrtime.bigint();
    await handler.handle(batch);
    seconds += Number(process.hrtime.bigint() - started) / 1e9;
    afterBatch();
  }
  return seconds;
}

const valueBytes = (change: HashChange) => Object.values(change.set).reduce((sum, value) => sum + value.length, 0);

/**
 * Kill-chain bytes of one write, per entity (its header part plus its entity fields, names and
 * values) and whole (the snapshot as versions 1–2 wrote it into the header: header plus every
 * entity held, rebuilt from a mirror of the stored entity fields).
 */
class KillChainBytes {
  private readonly held = new Map<string, string>();
  readonly perEntity: number[] = [];
  readonly whole: number[] = [];

  record(change: HashChange): void {
    if (change.replace) this.held.clear();
    let written = 0;
    for (const [field, value] of Object.entries(change.set)) {
      if (readField(field).kind !== 'key') continue;
      this.held.set(field, value);
      written += field.length + value.length;
    }
    for (const field of change.delete) this.held.delete(field);
    const header = JSON.stringify((JSON.parse(change.set['header']) as { processors: { killchain: unknown } }).processors.killchain);
    this.perEntity.push(header.length + written);
    let entities = 0;
    for (const value of this.held.values()) entities += value.length;
    // `{…header,"entities":[e1,e2,…]}`
    this.whole.push(header.length - 1 + ',"entities":['.length + entities + Math.max(0, this.held.size - 1) + ']}'.length);
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

(async () => {
  let sigmaBytes = 0;
  const sigmaSeconds = await run(failedLogon, stage2((change) => (sigmaBytes = valueBytes(change))), () => undefined);
  console.log(`groups=${groupsArg} matches=${total} seconds=${sigmaSeconds.toFixed(2)} matches/s=${Math.round(total / sigmaSeconds)} lastBatchBytesWritten=${sigmaBytes}`);

  const bytes = new KillChainBytes();
  let pending: HashChange | undefined;
  const kcSeconds = await run(tacticAlert, stage2((change) => (pending = change)), () => pending && bytes.record(pending));
  // The first batch after a load writes everything (replace); the steady state is the rest.
  const [firstPerEntity, ...perEntity] = bytes.perEntity;
  const [, ...whole] = bytes.whole;
  console.log(`killchain entities=${entitiesArg} records=${total} seconds=${kcSeconds.toFixed(2)} records/s=${Math.round(total / kcSeconds)}`);
  console.log(`killchain state written per batch of ${BATCH}: per-entity mean ${kib(mean(perEntity))}, last ${kib(perEntity.at(-1) ?? 0)} (first, full write: ${kib(firstPerEntity)}); whole snapshot mean ${kib(mean(whole))}, last ${kib(whole.at(-1) ?? 0)}`);
})();
