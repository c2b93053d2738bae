import type { StartedInfrastructure } from './infra-module';

// Global setup and teardown run in the same jest process but are loaded as separate modules, so
// what setup started is handed over on globalThis.
const KEY = Symbol.for('quell.test-infra');

type Holder = { [KEY]?: StartedInfrastructure };

export function setStartedInfra(infra: StartedInfrastructure): void {
  (globalThis as Holder)[KEY] = infra;
}

export function takeStartedInfra(): StartedInfrastructure | undefined {
  const infra = (globalThis as Holder)[KEY];
  delete (globalThis as Holder)[KEY];
  return infra;
}
