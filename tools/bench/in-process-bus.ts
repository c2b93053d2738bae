// Probe: what the all-in-one's in-process bus costs per event and hop, with Events handed over as
// objects (codec.encodable) beside the same chain with every value encoded at publish and decoded
// per consumer (encodeValues: what the bus did before), alternated in one run. Three pass-through
// hops (four groups), Events keyed by host, 1,000 per publish; the handlers only forward, so the
// CPU is the bus's, the delivery's and (for bytes) the codec's.
// Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/in-process-bus.ts [events] [rounds]
import { AvroCodec, emptyEventParts, type Event } from '@quell/contracts';
import { InProcessEventBus, type InboundRecord } from '@quell/platform-kafka';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const codec = new AvroCodec();
const HOPS = 3;

const sample: Event = {
  ...emptyEventParts(),
  id: '0190a000-0000-7000-8000-000000000000',
  tenant: 'acme',
  time: Date.now(),
  ingestTime: Date.now(),
  source: { type: 'windows-security', name: 'winlogbeat' },
  className: 'process',
  classUid: 1007,
  action: 'process_started',
  outcome: 'success',
  severity: 1,
  message: 'A new process has been created. '.repeat(4),
  original: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`winlog.event_data.Field${i}`, `value of field ${i}`])),
};

async function run(mode: 'objects' | 'bytes', total: number): Promise<string> {
  const bus = new InProcessEventBus({ logger: quiet, encodeValues: mode === 'bytes' });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  for (let hop = 0; hop <= HOPS; hop += 1) {
    await bus.consume({
      groupId: `hop-${hop}`,
      subscriptions: [
        {
          topic: `topic-${hop}`,
          decode: (bytes: Buffer) => codec.decode(bytes, 'Event'),
          handle: async (records: InboundRecord<Event>[]) => {
            if (hop < HOPS) return records.map((r) => ({ topic: `topic-${hop + 1}`, key: r.key, value: codec.encodable('Event', r.value) }));
            if ((done += records.length) >= total) finish();
            return [];
          },
        },
      ],
      deadLetterTopic: 'dead-letters',
      policy: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
    });
  }
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < total; i += 1_000) {
    const batch = Array.from({ length: 1_000 }, (_, j) => {
      const event: Event = { ...sample, id: `0190a000-0000-7000-8000-${String(i + j).padStart(12, '0')}`, host: { name: `host-${(i + j) % 200}`, ip: null } };
      return { topic: 'topic-0', key: event.host?.name ?? null, value: codec.encodable('Event', event) };
    });
    await bus.publish(batch);
  }
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  await bus.close();
  const perHop = ((used.user + used.system) / 1e3 / (total / 1_000) / (HOPS + 1)).toFixed(1);
  return `${mode.padEnd(7)} ${Math.round(total / seconds)} events/s through ${HOPS} hops, ${perHop} CPU-ms per 1,000 events per group`;
}

void (async () => {
  const total = Number(process.argv[2] ?? 100_000);
  const rounds = Number(process.argv[3] ?? 2);
  for (let round = 0; round < rounds; round += 1) {
    console.log(await run('objects', total));
    console.log(await run('bytes', total));
  }
})();
