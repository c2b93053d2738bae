import type { RunningService } from './running-service';

// Global setup and teardown run in the same jest process but are loaded as separate modules, so
// what setup started is handed over on globalThis.
const KEY = Symbol.for('quell.test-infra');

export interface StartedInfra {
  services: RunningService[];
  runDir?: string;
}

type Holder = { [KEY]?: StartedInfra };

export function setStartedInfra(infra: StartedInfra): void {
  (globalThis as Holder)[KEY] = infra;
}

export function takeStartedInfra(): StartedInfra | undefined {
  const infra = (globalThis as Holder)[KEY];
  delete (globalThis as Holder)[KEY];
  return infra;
}
