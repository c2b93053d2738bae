import { PublishTimeoutError, producerRetryFor, withinTimeout } from './publish-timeout';
import { publishFailure } from './publish-failure';

describe('producerRetryFor', () => {
  it('fits every retry delay (with jitter) into half the publish timeout', () => {
    for (const timeoutMs of [500, 5_000, 30_000]) {
      const { initialRetryTime = 0, retries = 0 } = producerRetryFor(timeoutMs);
      let total = 0;
      for (let n = 0; n < retries; n += 1) total += initialRetryTime * 2 ** n * 1.2;
      expect(retries).toBeGreaterThanOrEqual(1);
      if (retries > 1) expect(total).toBeLessThanOrEqual(timeoutMs / 2);
    }
    expect(producerRetryFor(5_000).retries).toBe(4);
  });
});

describe('withinTimeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('rejects with a retriable PublishTimeoutError when the work does not settle in time', async () => {
    const outcome = withinTimeout(new Promise<void>(() => undefined), 5_000).catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(5_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(PublishTimeoutError);
    expect(error).toMatchObject({ retriable: true, message: 'publish not acknowledged within 5000 ms' });
  });

  it('passes the work through when it settles first', async () => {
    await expect(withinTimeout(Promise.resolve(7), 5_000)).resolves.toBe(7);
  });
});

describe('publishFailure', () => {
  it('makes a spent kafkajs retry retriable, and a batch the broker finds too large not', () => {
    const spent = Object.assign(new Error('Connection refused'), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false });
    expect(publishFailure(spent, 900_000)).toMatchObject({ name: 'PublishFailedError', retriable: true });
    const tooLarge = new Error('wrapped', { cause: Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' }) });
    const error = publishFailure(tooLarge, 900_000);
    expect(error).toMatchObject({ name: 'BatchTooLargeError', retriable: false });
    expect(error.message).toMatch(/KAFKA_MAX_REQUEST_BYTES/);
  });
});
