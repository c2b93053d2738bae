import { DependencyWait } from './dependency-wait';
import { DependencyUnavailableError } from './dependency-unavailable';

function tracker() {
  const lines: { level: string; msg?: string; obj: object }[] = [];
  const logger = {
    info: (obj: object, msg?: string) => lines.push({ level: 'info', msg, obj }),
    warn: (obj: object, msg?: string) => lines.push({ level: 'warn', msg, obj }),
    error: (obj: object, msg?: string) => lines.push({ level: 'error', msg, obj }),
  };
  const waits: string[] = [];
  const wait = new DependencyWait({ groupId: 'history', graceMs: 2_000, logger, observer: { consumerWaiting: (g) => waits.push(g) } });
  return { wait, lines, waits };
}

const outage = new DependencyUnavailableError('ClickHouse did not take 10 history rows: table is detached');

beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-12-02T10:00:00Z') }));
afterEach(() => jest.useRealTimers());

describe('DependencyWait', () => {
  it('declares the wait once a batch is held past the grace, logs and counts it once, and ends it when the batch goes through', () => {
    const { wait, lines, waits } = tracker();
    const batch = wait.batch();
    batch.failed(outage);
    jest.advanceTimersByTime(1_999);
    expect(wait.current()).toBeUndefined();
    expect(batch.declared()).toBe(false);

    jest.advanceTimersByTime(1);
    expect(wait.current()).toEqual({ error: `DependencyUnavailableError: ${outage.message}`, since: '2026-12-02T10:00:00.000Z' });
    expect(batch.declared()).toBe(true);
    // Thirty seconds of retries: still one log line and one count.
    for (let i = 0; i < 6; i += 1) {
      jest.advanceTimersByTime(5_000);
      batch.failed(outage);
    }
    expect(waits).toEqual(['history']);
    expect(lines.filter((l) => l.msg?.includes('waiting for a dependency'))).toHaveLength(1);

    batch.end('passed');
    expect(wait.current()).toBeUndefined();
    expect(lines.at(-1)).toEqual({ level: 'info', msg: 'dependency back, consumer progressing again', obj: { groupId: 'history', waitedMs: 32_000 } });
  });

  it('does not flap on a blip: a batch that goes through within the grace is never declared', () => {
    const { wait, lines, waits } = tracker();
    const batch = wait.batch();
    batch.failed(outage);
    jest.advanceTimersByTime(500);
    batch.end('passed');
    jest.advanceTimersByTime(10_000);
    expect(wait.current()).toBeUndefined();
    expect(waits).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('keeps waiting while any held batch remains, and counts a second outage again', () => {
    const { wait, waits } = tracker();
    const [a, b] = [wait.batch(), wait.batch()];
    a.failed(outage);
    jest.advanceTimersByTime(1_000);
    b.failed(new Error('Command timed out'));
    jest.advanceTimersByTime(1_000);
    expect(wait.current()?.error).toBe('Error: Command timed out');

    a.end('passed');
    expect(wait.current()).toBeDefined();
    b.end('passed');
    expect(wait.current()).toBeUndefined();

    const c = wait.batch();
    c.failed(outage);
    jest.advanceTimersByTime(2_000);
    expect(wait.current()?.since).toBe('2026-12-02T10:00:02.000Z');
    expect(waits).toEqual(['history', 'history']);
  });

  it('forgets held batches given up or cleared (a stopping or crashed consumer) without saying the dependency is back', () => {
    const { wait, lines } = tracker();
    const batch = wait.batch();
    batch.failed(outage);
    jest.advanceTimersByTime(3_000);
    batch.end('abandoned');
    expect(wait.current()).toBeUndefined();
    expect(lines.at(-1)?.msg).toBe('consumer gave up its batch while waiting for a dependency');

    wait.batch().failed(outage);
    wait.clear();
    jest.advanceTimersByTime(5_000);
    expect(wait.current()).toBeUndefined();
  });
});
