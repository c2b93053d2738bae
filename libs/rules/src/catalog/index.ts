export { RuleCatalog } from './rule-catalog';
export { RuleLoadCache } from './rule-load-cache';
export type { CatalogError, CatalogFile, RuleCatalogOptions, RuleCatalogSnapshot } from './catalog-types';
