import type { ApiKeyScope } from '../api-keys/api-key-scope';

/** Metadata key of a route's @RequireScope. */
export const REQUIRED_SCOPE = Symbol('quell.requiredScope');

export interface ScopeRequirement {
  scope: ApiKeyScope;
  /** The 403 detail after `the key "<name>" `, e.g. `may only read rules`. */
  forbidden?: string;
}
