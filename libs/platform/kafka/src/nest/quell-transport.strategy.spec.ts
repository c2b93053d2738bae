import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import type { ConsumerHandle, ConsumerSpec, EventBus } from '../bus/event-bus.port';
import { DEFAULT_DELIVERY_POLICY } from '../delivery/delivery-policy';
import { ConsumeBatch } from './consume-batch.decorator';
import { QuellTransport } from './quell-transport.strategy';

class Handlers {
  @ConsumeBatch('events', { group: 'governance', only: { field: 'className', values: ['config_change'] } })
  configChanges(): [] {
    return [];
  }

  @ConsumeBatch('raw', { only: { field: 'className', values: ['x'] } })
  rawBytes(): [] {
    return [];
  }
}

/** The consumer specs a transport with these handlers asks its bus for, or the error it fails with. */
async function listen(method: keyof Handlers, fieldReads: string[] = []): Promise<ConsumerSpec[]> {
  const specs: ConsumerSpec[] = [];
  const bus = { consume: async (spec: ConsumerSpec) => (specs.push(spec), {} as ConsumerHandle) } as unknown as EventBus;
  const transport = new QuellTransport({
    bus,
    groupId: 'svc',
    groupPrefix: 'q.',
    topicFor: (role) => `t.${role}`,
    decoderFor: () => (bytes) => JSON.parse(bytes.toString()),
    fieldReaderFor: (role) => (role === 'raw' ? undefined : (bytes, field) => (fieldReads.push(field), JSON.parse(bytes.toString())[field])),
    deadLetterTopic: 'dlq',
    policy: DEFAULT_DELIVERY_POLICY,
  });
  const handler = Handlers.prototype[method];
  const [pattern] = Reflect.getMetadata(PATTERN_METADATA, handler) as string[];
  transport.addHandler(pattern, async () => [], true, Reflect.getMetadata(PATTERN_EXTRAS_METADATA, handler));
  await new Promise<void>((resolve, reject) => void transport.listen((error) => (error ? reject(error) : resolve())));
  return specs;
}

describe('QuellTransport', () => {
  it("turns ConsumeBatch `only` into what the group's subscription wants: one field read from the bytes, or the object's own", async () => {
    const reads: string[] = [];
    const [spec] = await listen('configChanges', reads);
    expect(spec.groupId).toBe('q.governance');
    const wants = spec.subscriptions[0].wants!;
    expect(wants.bytes(Buffer.from('{"className":"config_change"}'))).toBe(true);
    expect(wants.bytes(Buffer.from('{"className":"authentication"}'))).toBe(false);
    expect(reads).toEqual(['className', 'className']);
    expect(wants.object({ className: 'config_change' })).toBe(true);
    expect(wants.object({ className: 'process' })).toBe(false);
  });

  it('refuses to start a selection over a topic of plain bytes, naming the role and the field', async () => {
    await expect(listen('rawBytes')).rejects.toThrow("ConsumeBatch 'raw' selects by className, but its records are not contract records");
  });
});
