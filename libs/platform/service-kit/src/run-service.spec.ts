import { HealthRegistry } from '@quell/platform-observability';
import { exitWhenNotLive } from './run-service';

describe('exitWhenNotLive', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('shuts down with exit code 1, once, after liveness fails, naming the failed part', () => {
    const health = new HealthRegistry();
    let consumerLive = true;
    health.registerLiveness('consumer:quell.correlator', () => consumerLive);
    const fatal: object[] = [];
    const shutdown = jest.fn();
    exitWhenNotLive(health, { fatal: (obj) => fatal.push(obj) }, shutdown, 1_000);

    jest.advanceTimersByTime(5_000);
    expect(shutdown).not.toHaveBeenCalled();
    consumerLive = false;
    jest.advanceTimersByTime(1_000);
    expect(shutdown).toHaveBeenCalledWith('liveness failed', 1);
    expect(fatal).toEqual([{ failed: ['consumer:quell.correlator'] }]);
    jest.advanceTimersByTime(10_000);
    expect(shutdown).toHaveBeenCalledTimes(1);
  });
});
