import type { RawRecord } from '../bus/message';
import { processBatch, type DeliveryPolicy } from './delivery-policy';
import { DEAD_LETTER_HEADERS } from './dead-letter';
import { PermanentError } from './retriable';
import { DependencyUnavailableError, isDependencyUnavailable } from './dependency-unavailable';
import { decodeJson, forwarding } from '../test/bus-fixtures';

const policy: DeliveryPolicy = { maxAttempts: 3, backoffMs: 1, maxBackoffMs: 2 };
const context = { groupId: 'g', deadLetterTopic: 'dlq' };

function raw(offset: number, value: string | null): RawRecord {
  return {
    topic: 'in',
    partition: 2,
    offset: String(offset),
    key: Buffer.from('k'),
    value: value === null ? null : Buffer.from(value),
    headers: { trace: 't1' },
    timestamp: 1000 + offset,
  };
}

describe('processBatch', () => {
  it('hands decodable records to the handler as one batch and returns its outputs', async () => {
    const out = await processBatch([raw(0, '{"n":1}'), raw(1, '{"n":2}')], forwarding('in', 'out'), policy, context);
    expect(out.deadLetters).toHaveLength(0);
    expect(out.outputs.map((o) => JSON.parse(o.value.toString()).n)).toEqual([10, 20]);
  });

  it('passes over the records a subscription does not want: never decoded, never handled', async () => {
    const decoded: string[] = [];
    const seen: { n: number }[] = [];
    const subscription = {
      ...forwarding('in', 'out', seen as never),
      decode: (bytes: Buffer) => (decoded.push(bytes.toString()), JSON.parse(bytes.toString()) as { n: number }),
      // Even numbers only; reading one it cannot parse throws, as peeking at a bad record does.
      wants: { bytes: (bytes: Buffer) => (JSON.parse(bytes.toString()) as { n: number }).n % 2 === 0, object: () => true },
    };
    const out = await processBatch([raw(0, '{"n":1}'), raw(1, '{"n":2}'), raw(2, 'poison'), raw(3, '{"n":3}')], subscription, policy, context);
    expect(decoded).toEqual(['{"n":2}']);
    expect(out.handled).toBe(1);
    expect(out.outputs.map((o) => JSON.parse(o.value.toString()).n)).toEqual([20]);
    // What cannot be read to judge it goes the way of an undecodable record.
    expect(out.deadLetters.map((l) => [l.value.toString(), l.headers?.[DEAD_LETTER_HEADERS.stage]])).toEqual([['poison', 'decode']]);
  });

  it('dead-letters undecodable bytes at once with the reason, origin and original bytes', async () => {
    const out = await processBatch([raw(7, 'poison'), raw(8, '{"n":3}')], forwarding('in', 'out'), policy, context);
    expect(out.outputs).toHaveLength(1);
    expect(out.deadLetters).toHaveLength(1);
    const [letter] = out.deadLetters;
    expect(letter.topic).toBe('dlq');
    expect(letter.key).toBe('k');
    expect(letter.value.toString()).toBe('poison');
    expect(letter.headers).toMatchObject({
      trace: 't1',
      [DEAD_LETTER_HEADERS.stage]: 'decode',
      [DEAD_LETTER_HEADERS.attempts]: '0',
      [DEAD_LETTER_HEADERS.topic]: 'in',
      [DEAD_LETTER_HEADERS.partition]: '2',
      [DEAD_LETTER_HEADERS.offset]: '7',
      [DEAD_LETTER_HEADERS.groupId]: 'g',
      [DEAD_LETTER_HEADERS.retriable]: 'false',
    });
    expect(letter.headers?.[DEAD_LETTER_HEADERS.error]).toMatch(/JSON/);
  });

  it('dead-letters a tombstone rather than passing null to a handler', async () => {
    const out = await processBatch([raw(1, null)], forwarding('in', 'out'), policy, context);
    expect(out.deadLetters[0].headers?.[DEAD_LETTER_HEADERS.error]).toMatch(/no value/);
  });

  it('isolates the one record the handler rejects and keeps its neighbours', async () => {
    const batch = [raw(0, '{"n":1}'), raw(1, '{"n":-1}'), raw(2, '{"n":2}')];
    const out = await processBatch(batch, forwarding('in', 'out'), policy, context);
    expect(out.outputs.map((o) => JSON.parse(o.value.toString()).n)).toEqual([10, 20]);
    expect(out.deadLetters).toHaveLength(1);
    expect(out.deadLetters[0].headers).toMatchObject({
      [DEAD_LETTER_HEADERS.offset]: '1',
      [DEAD_LETTER_HEADERS.stage]: 'handle',
      [DEAD_LETTER_HEADERS.error]: 'negative numbers are not allowed',
    });
    expect(out.handled).toBe(2);
  });

  it('dead-letters what the subscription unwraps from a rejected record, marked as unwrapped', async () => {
    const unwrapping = { ...forwarding('in', 'out'), deadLetterValue: (v: { n: number }) => Buffer.from(`payload-${v.n}`) };
    const out = await processBatch([raw(3, '{"n":-2}'), raw(4, 'poison')], unwrapping, policy, context);
    const byOffset = Object.fromEntries(out.deadLetters.map((d) => [d.headers?.[DEAD_LETTER_HEADERS.offset], d]));
    expect(byOffset['3'].value.toString()).toBe('payload--2');
    expect(byOffset['3'].headers?.[DEAD_LETTER_HEADERS.unwrapped]).toBe('true');
    // Bytes that never decoded stay exactly as they came.
    expect(byOffset['4'].value.toString()).toBe('poison');
    expect(byOffset['4'].headers?.[DEAD_LETTER_HEADERS.unwrapped]).toBeUndefined();
  });

  it('retries a retriable failure with backoff until it succeeds', async () => {
    let calls = 0;
    const flaky = {
      topic: 'in',
      decode: decodeJson,
      handle: async () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error('database away'), { retriable: true });
        return [];
      },
    };
    const retries: number[] = [];
    const out = await processBatch([raw(0, '{"n":1}')], flaky, policy, { ...context, onRetry: (_e, n) => retries.push(n) });
    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
    expect(out.deadLetters).toHaveLength(0);
  });

  it('bounds retries and then dead-letters with the number of attempts', async () => {
    const down = {
      topic: 'in',
      decode: decodeJson,
      handle: async () => {
        throw new Error('still down');
      },
    };
    const out = await processBatch([raw(0, '{"n":1}')], down, policy, context);
    expect(out.deadLetters[0].headers).toMatchObject({
      [DEAD_LETTER_HEADERS.attempts]: '3',
      [DEAD_LETTER_HEADERS.retriable]: 'true',
    });
  });

  it('does not retry a permanent error', async () => {
    let calls = 0;
    const strict = {
      topic: 'in',
      decode: decodeJson,
      handle: async () => {
        calls += 1;
        throw new PermanentError('invalid');
      },
    };
    await processBatch([raw(0, '{"n":1}')], strict, policy, context);
    expect(calls).toBe(1);
  });
});

describe('processBatch through a dependency outage', () => {
  /** Fails like a paused Redis (ioredis commandTimeout) `outage` times, then forwards. */
  function flaky(outage: number) {
    const subscription = forwarding('in', 'out');
    const forward = subscription.handle;
    let calls = 0;
    subscription.handle = async (records) => {
      calls += 1;
      if (calls <= outage) throw new Error('Command timed out');
      return forward(records);
    };
    return { subscription, calls: () => calls };
  }

  it('retries past maxAttempts while the dependency is away and dead-letters nothing', async () => {
    const { subscription, calls } = flaky(10);
    const out = await processBatch([raw(0, '{"n":1}'), raw(1, '{"n":2}')], subscription, policy, context);
    expect(out.deadLetters).toEqual([]);
    expect(out.outputs.map((o) => JSON.parse(o.value.toString()).n)).toEqual([10, 20]);
    expect(calls()).toBe(11);
  });

  it('gives the batch up uncommitted, not dead-lettered, once the consumer stops waiting', async () => {
    const { subscription } = flaky(1_000);
    let rounds = 0;
    const outcome = processBatch([raw(0, '{"n":1}'), raw(1, '{"n":2}')], subscription, policy, {
      ...context,
      keepWaiting: () => (rounds += 1) < 3,
    });
    await expect(outcome).rejects.toThrow('Command timed out');
  });

  it('still dead-letters a record whose failure is its own after the bounded attempts', async () => {
    const out = await processBatch([raw(0, '{"n":-1}')], forwarding('in', 'out'), policy, context);
    expect(out.deadLetters).toHaveLength(1);
  });
});

describe('isDependencyUnavailable', () => {
  it('recognises outages by mark, socket code, ioredis signature or cause, and nothing else', () => {
    expect(isDependencyUnavailable(new DependencyUnavailableError('state store away'))).toBe(true);
    expect(isDependencyUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyUnavailable(new Error('Command timed out'))).toBe(true);
    expect(isDependencyUnavailable(Object.assign(new Error('Reached the max retries per request limit (which is 3).'), { name: 'MaxRetriesPerRequestError' }))).toBe(true);
    expect(isDependencyUnavailable(new Error('insert failed', { cause: new Error('Connection is closed.') }))).toBe(true);
    expect(isDependencyUnavailable(new Error('field n must be a number'))).toBe(false);
    expect(isDependencyUnavailable(new PermanentError('bad'))).toBe(false);
    expect(isDependencyUnavailable('Command timed out')).toBe(false);
  });
});
