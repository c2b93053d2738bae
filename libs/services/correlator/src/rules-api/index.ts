export { DirectoryRuleCatalog, type CatalogListener, type CatalogLogger, type DirectoryRuleCatalogOptions, type ReloadResult, type ValidationResult } from './directory-rule-catalog';
