export { RuleCatalog } from './rule-catalog';
export type { CatalogError, CatalogFile, RuleCatalogOptions, RuleCatalogSnapshot } from './catalog-types';
