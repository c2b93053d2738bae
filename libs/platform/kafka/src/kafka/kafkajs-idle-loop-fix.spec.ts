import { createRequire } from 'node:module';
import { fixKafkajsIdleLoop } from './kafkajs-idle-loop-fix';

interface Queue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
  checkPendingRequests(): void;
}
type QueueClass = new (options: Record<string, unknown>) => Queue;

const RequestQueue = createRequire(__filename)('kafkajs/src/network/requestQueue') as QueueClass;
const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const newQueue = () => new RequestQueue({ maxInFlightRequests: null, requestTimeout: 30_000, enforceRequestTimeout: true, clientId: 'test', broker: 'b:9092', logger });

describe('kafkajs request queue without the idle timer loop', () => {
  beforeAll(() => fixKafkajsIdleLoop());
  let queue: Queue;
  afterEach(() => {
    if (queue.throttleCheckTimeoutId) clearTimeout(queue.throttleCheckTimeoutId);
  });

  it('schedules no check when nothing is pending and nothing is throttled (kafkajs 2.2.4 schedules one every millisecond)', () => {
    queue = newQueue();
    queue.checkPendingRequests();
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });

  it('still checks pending requests after the interval', async () => {
    queue = newQueue();
    const checked = jest.spyOn(queue, 'checkPendingRequests').mockImplementation(() => undefined);
    queue.pending.push({});
    queue.scheduleCheckPendingRequests();
    expect(queue.throttleCheckTimeoutId).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(checked).toHaveBeenCalledTimes(1);
  });

  it('checks a throttled queue when its throttle ends', async () => {
    queue = newQueue();
    const checked = jest.spyOn(queue, 'checkPendingRequests').mockImplementation(() => undefined);
    queue.throttledUntil = Date.now() + 40;
    queue.scheduleCheckPendingRequests();
    await new Promise((resolve) => setTimeout(resolve, 15));
    expect(checked).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(checked).toHaveBeenCalledTimes(1);
  });
});
