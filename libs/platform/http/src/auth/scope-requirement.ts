import type { ApiKeyScope } from '../api-keys/api-key-scope';

/** Metadata key of a route's @RequireScope. */
export const REQUIRED_SCOPE = Symbol('quell.requiredScope');

export interface ScopeRequirement extends ScopeMessages {
  scope: ApiKeyScope;
}

/** What the guard answers, where an API words it its own way. */
export interface ScopeMessages {
  /** The 401 detail, when the API names its keys (`a valid rules API key is required: …`). */
  unauthorized?: string;
  /** The 403 detail after `the key "<name>" `, e.g. `may only read rules`. */
  forbidden?: string;
  /**
   * The scope an OIDC token needs here when a key's is not enough: a resource every tenant shares
   * (the rule catalog) is changed by a signed-in user only with admin, since a token's write is its tenant's.
   */
  tokenScope?: ApiKeyScope;
}
