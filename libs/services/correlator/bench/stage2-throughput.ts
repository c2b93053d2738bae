// Stage-2 throughput of one matches partition: matches/s through MatchesHandler (windows plus the
// per-batch state write to an in-memory store) and the bytes the last batch wrote, for N active groups.
// Run: SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register libs/services/correlator/bench/stage2-throughput.ts <groups> <matches>
import { AvroCodec, topicsFor, type RuleMatch } from '@quell/contracts';
import type { InboundRecord } from '@quell/platform-kafka';
import { createLogger, PipelineMetrics } from '@quell/platform-observability';
import { InMemoryStateStore } from '@quell/platform-service-kit';
import { RuleCatalog } from '@quell/rules';
import { CorrelatorMetrics } from '../src/correlator.metrics';
import { CorrelatorRules } from '../src/rules/correlator-rules';
import { MatchesHandler } from '../src/windows/matches.handler';
import { bruteForce, FAILED_LOGON } from '../src/test/correlator-test-rules';

const groupsArg = Number(process.argv[2] ?? 10000);
const topics = topicsFor('');
const rules = CorrelatorRules.fromCatalog(RuleCatalog.build({ 'f.yml': FAILED_LOGON, 'b.yml': bruteForce(1000000) }));
const store = new InMemoryStateStore();
let stored = 0;
const origWrite = store.writeHash.bind(store);
store.writeHash = async (key, change) => {
  stored = Object.values(change.set).reduce((sum, value) => sum + value.length, 0);
  return origWrite(key, change);
};
const handler = new MatchesHandler(new AvroCodec(), topics, { current: rules } as never, store,
  { BATCH_MAX_RECORDS: 500, CORRELATION_ALLOWED_LATENESS_MS: 60000 } as never, createLogger({ service: 'b', level: 'silent' }),
  new CorrelatorMetrics(new PipelineMetrics({ service: 'b', collectDefaults: false })), []);
const T0 = Date.parse('2026-11-28T10:00:00Z');
function rec(offset: number): InboundRecord<RuleMatch> {
  const ip = `10.${(offset % groupsArg) >> 16 & 255}.${(offset % groupsArg) >> 8 & 255}.${offset % groupsArg & 255}`;
  return { topic: topics.matches, partition: 0, offset: String(offset), key: null, headers: {}, timestamp: 0, value: {
    matchId: `e${offset}#r`, tenant: 'acme', correlationId: '33333333-3333-4333-8333-333333333333', groupKey: `["${ip}"]`,
    rule: { id: '11111111-1111-4111-8111-111111111111', name: 'failed_logon', title: 'Failed logon', level: 'low' },
    eventId: `e${offset}`, eventTime: T0 + offset * 10, fields: { src_ip: ip }, entities: [] } };
}
(async () => {
  const total = Number(process.argv[3] ?? 100000);
  const started = process.hrtime.bigint();
  for (let o = 0; o < total; o += 500) await handler.handle(Array.from({ length: 500 }, (_, i) => rec(o + i)));
  const s = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`groups=${groupsArg} matches=${total} seconds=${s.toFixed(2)} matches/s=${Math.round(total / s)} lastBatchBytesWritten=${stored}`);
})();
