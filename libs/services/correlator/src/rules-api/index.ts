export { DirectoryRuleCatalog, type CatalogListener, type CatalogLogger, type DirectoryRuleCatalogOptions, type ReloadResult, type ValidationResult } from './directory-rule-catalog';
export { RulesCatalogModule } from './rules-catalog.module';
export { RULE_CATALOG, RULES_API_OPTIONS, type RulesCatalogModuleOptions } from './rules-tokens';
export { RULES_CONFIG_SHAPE, rulesCatalogOptionsFrom, type RulesConfig } from './rules-config';
export { rulesKeyStore, rulesKeyStoreProvider, RULES_KEY_TENANT } from './rules-api-keys';
