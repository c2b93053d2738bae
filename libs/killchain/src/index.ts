export { TACTIC_ORDER, tacticOf, tacticRank } from './tactics';
export type { Tactic } from './tactics';
export type { KillChainInput, KillChainResult, KillChainStep, KillChainCounters, TrackedEntityType } from './killchain-types';
export { DEFAULT_KILLCHAIN_WINDOW_MS, KillChainTracker } from './killchain-tracker';
export type { KillChainOptions } from './killchain-tracker';
export type { KillChainSnapshot, KillChainHeader, EntitySnapshot, EntrySnapshot } from './killchain-snapshot';
export { entityKeyOf, joinSnapshot } from './killchain-snapshot';
export { killChainAlertOf, killChainInputOf, describePath, KILLCHAIN_RULE_PREFIX } from './killchain-alert';
export { killChainMatchesOf, killChainInputOfMatch, KILLCHAIN_MATCH_PREFIX } from './killchain-match';
