import type { Consumer } from 'kafkajs';
import { ConsumerSupervisor, type ConsumerSupervisorOptions } from './consumer-supervisor';
import { restartDelayMs } from './restart-backoff';
import { silentLogger } from '../test/bus-fixtures';
import { notReadyReason } from '../bus/event-bus.port';
import { DependencyUnavailableError } from '../delivery/dependency-unavailable';

type Listener = (event: { payload: { error?: Error; memberAssignment?: Record<string, number[]> } }) => void;

/** The part of a kafkajs consumer the supervisor touches, driven by the test. */
class FakeConsumer {
  readonly events = { GROUP_JOIN: 'join', CRASH: 'crash', STOP: 'stop' };
  private readonly listeners = new Map<string, Listener[]>();
  disconnects = 0;

  on(name: string, listener: Listener): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }

  emit(name: 'join' | 'crash' | 'stop', error?: Error, memberAssignment?: Record<string, number[]>): void {
    for (const listener of this.listeners.get(name) ?? []) listener({ payload: { error, memberAssignment } });
  }

  async disconnect(): Promise<void> {
    this.disconnects += 1;
  }
}

const backoff = { initialMs: 1_000, maxMs: 8_000, maxFailedRestarts: 3 };

function supervise(overrides: Partial<ConsumerSupervisorOptions> = {}) {
  const consumers: FakeConsumer[] = [];
  const counts = { crashed: 0, restarted: 0, stalled: 0, waiting: 0 };
  const unrecoverable: string[] = [];
  let failLaunches = 0;
  const supervisor = new ConsumerSupervisor({
    groupId: 'g',
    create: () => {
      const consumer = new FakeConsumer();
      consumers.push(consumer);
      return consumer as unknown as Consumer;
    },
    launch: async () => {
      if (failLaunches > 0) {
        failLaunches -= 1;
        throw new Error('broker down');
      }
    },
    readLag: async () => [],
    backoff,
    maxBatchMs: 30_000,
    stallMs: 60_000,
    lagIntervalMs: 10_000,
    dependencyGraceMs: 2_000,
    logger: silentLogger,
    observer: {
      consumerCrashed: () => (counts.crashed += 1),
      consumerRestarted: () => (counts.restarted += 1),
      consumerStalled: () => (counts.stalled += 1),
      consumerWaiting: () => (counts.waiting += 1),
    },
    onUnrecoverable: (groupId) => unrecoverable.push(groupId),
    random: () => 0.5,
    ...overrides,
  });
  return { supervisor, consumers, counts, unrecoverable, failNextLaunches: (n: number) => (failLaunches = n) };
}

const crash = new Error('The coordinator is not aware of this member');

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('ConsumerSupervisor', () => {
  it('re-creates a crashed consumer after the backoff and is running again once it rejoins', async () => {
    const { supervisor, consumers, counts } = supervise();
    await supervisor.start();
    consumers[0].emit('join');
    expect(supervisor.status().state).toBe('running');

    consumers[0].emit('stop');
    consumers[0].emit('crash', crash);
    expect(supervisor.status()).toMatchObject({ state: 'restarting', lastError: `Error: ${crash.message}` });
    await jest.advanceTimersByTimeAsync(999);
    expect(consumers).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(consumers).toHaveLength(2);
    expect(consumers[0].disconnects).toBe(1);
    expect(supervisor.status().state).toBe('restarting');

    consumers[1].emit('join');
    expect(supervisor.status()).toMatchObject({ state: 'running', failedRestarts: 0 });
    expect(counts).toEqual({ crashed: 1, restarted: 1, stalled: 0, waiting: 0 });
  });

  it('backs off exponentially while restarts fail, then gives up and reports the group unrecoverable', async () => {
    const { supervisor, consumers, counts, unrecoverable, failNextLaunches } = supervise();
    await supervisor.start();
    consumers[0].emit('join');
    failNextLaunches(10);
    consumers[0].emit('crash', crash);

    // Attempts after 1 s, then 2 s and 4 s more: three failures in a row hit the bound.
    await jest.advanceTimersByTimeAsync(1_000);
    expect(supervisor.status()).toMatchObject({ state: 'restarting', failedRestarts: 1, lastError: 'Error: broker down' });
    await jest.advanceTimersByTimeAsync(1_999);
    expect(consumers).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(consumers).toHaveLength(3);
    expect(unrecoverable).toEqual([]);
    await jest.advanceTimersByTimeAsync(4_000);
    expect(consumers).toHaveLength(4);
    expect(supervisor.status()).toMatchObject({ state: 'failed', failedRestarts: 3 });
    expect(unrecoverable).toEqual(['g']);
    expect(counts.restarted).toBe(3);

    await jest.advanceTimersByTimeAsync(60_000);
    expect(consumers).toHaveLength(4);
  });

  it('counts a consumer that crashes before rejoining as a failed restart, and a rejoin resets the count', async () => {
    const { supervisor, consumers } = supervise();
    await supervisor.start();
    consumers[0].emit('join');
    consumers[0].emit('crash', crash);
    await jest.advanceTimersByTimeAsync(1_000);
    consumers[1].emit('crash', crash);
    expect(supervisor.status().failedRestarts).toBe(1);
    await jest.advanceTimersByTimeAsync(2_000);
    consumers[2].emit('join');
    expect(supervisor.status()).toMatchObject({ state: 'running', failedRestarts: 0 });
  });

  it('treats a consumer that stopped without stop() and without a CRASH as crashed', async () => {
    const { supervisor, consumers, counts } = supervise();
    await supervisor.start();
    consumers[0].emit('join');
    consumers[0].emit('stop');
    expect(supervisor.status().state).toBe('restarting');
    await jest.advanceTimersByTimeAsync(5_000);
    expect(counts.crashed).toBe(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(consumers).toHaveLength(2);
  });

  it('ignores the events of a replaced consumer and restarts nothing after stop()', async () => {
    const { supervisor, consumers } = supervise();
    await supervisor.start();
    consumers[0].emit('join');
    consumers[0].emit('crash', crash);
    await jest.advanceTimersByTimeAsync(1_000);
    consumers[0].emit('crash', crash);
    consumers[1].emit('join');
    expect(supervisor.status().state).toBe('running');

    consumers[1].emit('crash', crash);
    await supervisor.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(consumers).toHaveLength(2);
    expect(supervisor.status().state).toBe('stopped');
  });

  it('is stuck while a batch is held past the bound, and logs and counts the stall once', async () => {
    const { supervisor, consumers, counts } = supervise();
    await supervisor.start();
    consumers[0].emit('join');
    const done = supervisor.progress.batchStarted();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(supervisor.status().stuck).toBeUndefined();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(supervisor.status().stuck).toMatch(/a batch in hand for 40 s/);
    await jest.advanceTimersByTimeAsync(20_000);
    expect(counts.stalled).toBe(1);
    done();
    expect(supervisor.status().stuck).toBeUndefined();
  });

  it('reports the broker lag per partition and is stuck when commits stop moving under lag', async () => {
    const lag = { committed: '5', lag: 40 };
    const seen: number[] = [];
    const { supervisor, consumers, counts } = supervise({
      readLag: async () => [{ topic: 't', partition: 0, ...lag }],
      observer: { lag: (_t, _p, value) => seen.push(value), consumerStalled: () => undefined },
    });
    await supervisor.start();
    consumers[0].emit('join');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(seen.at(-1)).toBe(40);
    expect(supervisor.status().stuck).toBeUndefined();
    await jest.advanceTimersByTimeAsync(20_000);
    expect(supervisor.status().stuck).toMatch(/committed offsets unchanged for \d+ s while 40 records wait/);

    lag.committed = '45';
    lag.lag = 0;
    await jest.advanceTimersByTimeAsync(10_000);
    expect(supervisor.status().stuck).toBeUndefined();
    expect(counts.stalled).toBe(0);
    await supervisor.stop();
  });

  it('is waiting (not ready) while a batch is held by a dependency outage past the grace, running again once it goes through', async () => {
    const { supervisor, consumers, counts } = supervise();
    await supervisor.start();
    consumers[0].emit('join');
    const batch = supervisor.dependencies.batch();
    batch.failed(new DependencyUnavailableError('ClickHouse did not take 3 history rows'));
    jest.advanceTimersByTime(1_000);
    expect(notReadyReason(supervisor.status())).toBeUndefined();

    jest.advanceTimersByTime(1_000);
    const status = supervisor.status();
    expect(status).toMatchObject({ state: 'waiting', waiting: { error: 'DependencyUnavailableError: ClickHouse did not take 3 history rows' } });
    expect(notReadyReason(status)).toMatch(/^waiting for a dependency since .*ClickHouse did not take 3 history rows$/);
    expect(counts.waiting).toBe(1);

    batch.end('passed');
    expect(supervisor.status().state).toBe('running');
    expect(notReadyReason(supervisor.status())).toBeUndefined();
  });

  it('forgets a wait when its consumer crashes: restarting, not waiting', async () => {
    const { supervisor, consumers } = supervise();
    await supervisor.start();
    consumers[0].emit('join');
    supervisor.dependencies.batch().failed(new DependencyUnavailableError('Redis away'));
    jest.advanceTimersByTime(2_000);
    expect(supervisor.status().state).toBe('waiting');
    consumers[0].emit('crash', crash);
    expect(supervisor.status().state).toBe('restarting');
    expect(supervisor.status().waiting).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1_000);
    consumers[1].emit('join');
    expect(supervisor.status().state).toBe('running');
  });

  it('judges commits only on the partitions this member owns', async () => {
    const { supervisor, consumers } = supervise({
      // Partition 1 belongs to another replica, which is stuck; this member's partition 0 is caught up.
      readLag: async () => [
        { topic: 't', partition: 0, committed: '10', lag: 0 },
        { topic: 't', partition: 1, committed: '3', lag: 500 },
      ],
    });
    await supervisor.start();
    consumers[0].emit('join', undefined, { t: [0] });
    await jest.advanceTimersByTimeAsync(120_000);
    expect(supervisor.status().stuck).toBeUndefined();

    consumers[0].emit('join', undefined, { t: [0, 1] });
    await jest.advanceTimersByTimeAsync(80_000);
    expect(supervisor.status().stuck).toMatch(/while 500 records wait/);
    await supervisor.stop();
  });
});

describe('restartDelayMs', () => {
  it('doubles from the initial delay up to the cap, jittered by at most 20 %', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5].map((a) => restartDelayMs(a, backoff, mid))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(restartDelayMs(1, backoff, () => 0)).toBe(800);
    expect(restartDelayMs(1, backoff, () => 1)).toBe(1_200);
  });
});
