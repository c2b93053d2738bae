import { AvroCodec, ContractError, type RawEvent } from '@quell/contracts';
import { InProcessEventBus } from './in-process-event-bus';
import { ContractBreachError } from './contract-verifier';
import type { TopicSubscription } from '../bus/event-bus.port';
import type { InboundRecord, OutboundRecord } from '../bus/message';
import { processBatch } from '../delivery/delivery-policy';
import { DEAD_LETTER_HEADERS } from '../delivery/dead-letter';
import { silentLogger } from '../test/bus-fixtures';

const codec = new AvroCodec();
const policy = { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 };

const raw = (id: string): RawEvent => ({
  id,
  tenant: 'acme',
  receivedAt: 1_764_000_000_000,
  source: { type: 'http', name: 'api', host: null },
  format: 'json',
  contentType: 'application/json',
  payload: Buffer.from('{"EventID":4625}'),
  attributes: { via: 'test' },
});

async function until(probe: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !probe(); i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
  if (!probe()) throw new Error('condition not met');
}

/** A stage reading RawEvents from `topic`, doing `work` on each and forwarding what it returns to `out`. */
function stage(topic: string, out: string, work: (value: RawEvent) => RawEvent, seen: RawEvent[] = []): TopicSubscription<RawEvent> {
  return {
    topic,
    decode: (bytes) => codec.decode(bytes, 'RawEvent'),
    handle: async (records: InboundRecord<RawEvent>[]): Promise<OutboundRecord[]> =>
      records.map((r) => {
        seen.push(r.value);
        return { topic: out, key: r.key, value: codec.encodable('RawEvent', work(r.value)) };
      }),
  };
}

describe('in-process bus: contract values', () => {
  it('hands the producer’s object to every consumer without decoding it, and still decodes bytes', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1 });
    const decode = jest.fn((bytes: Buffer) => codec.decode(bytes, 'RawEvent'));
    const first: RawEvent[] = [];
    const second: RawEvent[] = [];
    const consumers = await Promise.all([
      bus.consume({ groupId: 'a', subscriptions: [{ ...stage('in', 'out-a', (v) => v, first), decode }], deadLetterTopic: 'dlq', policy }),
      bus.consume({ groupId: 'b', subscriptions: [{ ...stage('in', 'out-b', (v) => v, second), decode }], deadLetterTopic: 'dlq', policy }),
    ]);
    const value = raw('0190a000-0000-7000-8000-000000000001');
    await bus.publish([{ topic: 'in', key: 'k', value: codec.encodable('RawEvent', value) }]);
    await bus.publish([{ topic: 'in', key: 'k', value: codec.encode('RawEvent', raw('0190a000-0000-7000-8000-000000000002')) }]);
    await until(() => first.length === 2 && second.length === 2);

    expect(first[0]).toBe(value);
    expect(second[0]).toBe(value);
    // Only the record published as bytes was decoded, once per group.
    expect(decode).toHaveBeenCalledTimes(2);
    expect(first[1]).toEqual(raw('0190a000-0000-7000-8000-000000000002'));
    // Read back as bytes, an object is its encoding.
    expect(codec.decode(bus.read('out-a')[0].value!, 'RawEvent')).toEqual(value);
    await Promise.all(consumers.map((c) => c.stop()));
  });

  it('with verifyContracts, refuses a value the wire would change and names the topic and the path', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, verifyContracts: true });
    const cases: [string, (value: RawEvent) => unknown, RegExp][] = [
      ['undefined for null', (v) => ({ ...v, source: { ...v.source, host: undefined } }), /at source\.host: undefined comes back as null/],
      ['a field the schema does not have', (v) => ({ ...v, extra: 1 }), /at extra: number 1 is not in the schema/],
      ['a fractional long', (v) => ({ ...v, receivedAt: 1.5 }), /topic in.*receivedAt/],
      ['a Map for a map', (v) => ({ ...v, attributes: new Map([['a', 'b']]) }), /at attributes/],
    ];
    for (const [, change, message] of cases) {
      const value = change(raw('0190a000-0000-7000-8000-000000000003')) as RawEvent;
      const publish = bus.publish([{ topic: 'in', key: 'k', value: codec.encodable('RawEvent', value) }]);
      await expect(publish).rejects.toBeInstanceOf(ContractBreachError);
      await expect(publish).rejects.toThrow(message);
    }
    expect(bus.contractBreaches()).toHaveLength(cases.length);
    expect(bus.read('in')).toHaveLength(0);
    // A value that survives the wire goes through.
    await bus.publish([{ topic: 'in', key: 'k', value: codec.encodable('RawEvent', raw('0190a000-0000-7000-8000-000000000004')) }]);
    expect(bus.read('in')).toHaveLength(1);
  });

  it('with verifyContracts, dead-letters the input of a handler whose output breaks its contract, as Kafka does one it cannot encode', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, verifyContracts: true });
    const consumer = await bus.consume({
      groupId: 'g',
      subscriptions: [stage('in', 'out', (v) => (v.id.endsWith('6') ? ({ ...v, format: undefined } as unknown as RawEvent) : v))],
      deadLetterTopic: 'dlq',
      policy,
    });
    const ids = ['0190a000-0000-7000-8000-000000000005', '0190a000-0000-7000-8000-000000000006'];
    await bus.publish(ids.map((id) => ({ topic: 'in', key: 'k', value: codec.encodable('RawEvent', raw(id)) })));
    await until(() => bus.read('out').length === 1 && bus.read('dlq').length === 1);
    const [letter] = bus.read('dlq');
    expect(letter.headers[DEAD_LETTER_HEADERS.error]).toMatch(/contract breach on topic out at format/);
    expect(letter.headers[DEAD_LETTER_HEADERS.retriable]).toBe('false');
    // The dead letter holds the input as it would sit on the topic: its encoding.
    expect(codec.decode(letter.value!, 'RawEvent').id).toBe(ids[1]);
    await consumer.stop();
  });

  it('with verifyContracts, a consumer that mutates what it was handed fails (the object is shared)', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, verifyContracts: true });
    const consumer = await bus.consume({
      groupId: 'g',
      subscriptions: [
        stage('in', 'out', (v) => {
          v.tenant = 'someone-else';
          return v;
        }),
      ],
      deadLetterTopic: 'dlq',
      policy,
    });
    const value = raw('0190a000-0000-7000-8000-000000000007');
    await bus.publish([{ topic: 'in', key: 'k', value: codec.encodable('RawEvent', value) }]);
    await until(() => bus.read('dlq').length === 1);
    expect(bus.read('dlq')[0].headers[DEAD_LETTER_HEADERS.error]).toMatch(/read.only property 'tenant'/);
    expect(value.tenant).toBe('acme');
    await consumer.stop();
  });

  it('on a bus that crosses a process, encodes outputs inside the attempt: one that cannot be encoded dead-letters its input with ContractError', async () => {
    const good = raw('0190a000-0000-7000-8000-000000000008');
    const bad = { ...good, id: '0190a000-0000-7000-8000-000000000009', receivedAt: 'soon' } as unknown as RawEvent;
    const inputs = [good, bad].map((value, i) => ({
      topic: 'in',
      partition: 0,
      offset: String(i),
      key: Buffer.from('k'),
      value: codec.encode('RawEvent', value.id === good.id ? good : { ...good, id: value.id }),
      headers: {},
      timestamp: 0,
    }));
    const outcome = await processBatch(inputs, stage('in', 'out', (v) => (v.id === bad.id ? bad : v)), policy, { groupId: 'g', deadLetterTopic: 'dlq' });
    expect(outcome.outputs).toHaveLength(1);
    expect(Buffer.isBuffer(outcome.outputs[0].value)).toBe(true);
    expect(outcome.deadLetters).toHaveLength(1);
    expect(outcome.deadLetters[0].headers?.[DEAD_LETTER_HEADERS.errorClass]).toBe(ContractError.name);
    expect(outcome.deadLetters[0].headers?.[DEAD_LETTER_HEADERS.offset]).toBe('1');
  });
});
