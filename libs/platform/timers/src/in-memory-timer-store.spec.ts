import { CONTRACT_LIMITS, describeTimerStore } from '../test/timer-store.contract';
import { InMemoryTimerStore } from './in-memory-timer-store';

let clock = Date.parse('2026-12-01T00:00:00Z');
describeTimerStore('in-memory', () => ({
  store: new InMemoryTimerStore(CONTRACT_LIMITS, () => clock),
  now: () => clock,
  advance: async (ms) => {
    clock += ms;
  },
}));
