import type { Producer } from 'kafkajs';
import { RenewableProducer } from './renewable-producer';

function fakeProducer(failConnects = 0) {
  const state = { connects: 0, disconnects: 0 };
  let failures = failConnects;
  const producer = {
    connect: async () => {
      state.connects += 1;
      if (failures-- > 0) throw new Error('broker down');
    },
    disconnect: async () => {
      state.disconnects += 1;
    },
  };
  return { producer: producer as unknown as Producer, state };
}

describe('RenewableProducer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('replaces a producer whose send failed, and disconnects the old one only after the grace', async () => {
    const made = [fakeProducer(), fakeProducer()];
    let next = 0;
    const producers = new RenewableProducer(() => made[next++].producer, 5_000);
    const first = await producers.acquire();
    expect(await producers.acquire()).toBe(first);
    expect(made[0].state.connects).toBe(1);

    producers.renew(first);
    const second = await producers.acquire();
    expect(second).toBe(made[1].producer);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(made[0].state.disconnects).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(made[0].state.disconnects).toBe(1);

    // A late failure report about the replaced producer changes nothing.
    producers.renew(first);
    expect(await producers.acquire()).toBe(second);
    await producers.close();
    expect(made[1].state.disconnects).toBe(1);
  });

  it('tries the connect again on the next send after it failed', async () => {
    const made = fakeProducer(1);
    const producers = new RenewableProducer(() => made.producer, 5_000);
    await expect(producers.acquire()).rejects.toThrow('broker down');
    await expect(producers.acquire()).resolves.toBe(made.producer);
    expect(made.state.connects).toBe(2);
  });
});
