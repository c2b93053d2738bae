import { InProcessEventBus, type InboundRecord } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { eventTimeSlices, publishPaced } from './paced-publish';

const MINUTE = 60_000;
const line = (at: number) => ({ at, line: JSON.stringify({ at }) });

describe('the demo published as a live feed', () => {
  it('cuts the stream into runs of less than a slice of event time', () => {
    const slices = eventTimeSlices([0, 10_000, 59_999, 60_000, 3 * MINUTE, 9 * 86_400_000].map(line), MINUTE);
    expect(slices.map((s) => s.map((r) => r.at))).toEqual([[0, 10_000, 59_999], [60_000], [3 * MINUTE], [9 * 86_400_000]]);
  });

  it('sends a slice once the stage reading the one before has committed it, so that stage sees event time in order', async () => {
    const bus = new InProcessEventBus({ logger: createLogger({ service: 'spec', level: 'silent' }), partitions: 3 });
    const published: number[] = [];
    const consumer = await bus.consume({
      groupId: 'stage',
      subscriptions: [
        {
          topic: 'in',
          decode: (bytes: Buffer) => JSON.parse(bytes.toString()) as { at: number },
          handle: async (batch: InboundRecord<{ at: number }>[]) => {
            // A slow stage: the next slice must not be in the topic before this batch is done.
            await new Promise((done) => setTimeout(done, 20));
            published.push(...batch.map((r) => r.value.at));
            expect(bus.read('in').length).toBe(published.length);
            return [];
          },
        },
      ],
      deadLetterTopic: 'dlq',
      policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
    });
    const records = [0, 1_000, 2 * MINUTE, 2 * MINUTE + 5, 5 * MINUTE].map(line);
    await publishPaced(bus, { topic: 'in', drained: ['in'], counted: () => true, headers: {}, sliceMs: MINUTE, maxWaitMs: 5_000 }, records);
    expect(bus.backlog('in')).toBe(0);
    expect([...published].slice(0, 2).sort((a, b) => a - b)).toEqual([0, 1_000]);
    expect(published.slice(2, 4).sort((a, b) => a - b)).toEqual([2 * MINUTE, 2 * MINUTE + 5]);
    expect(published[4]).toBe(5 * MINUTE);
    await consumer.stop();
    await bus.close();
  });
});
