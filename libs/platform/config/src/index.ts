export { loadConfig } from './load-config';
export { ConfigError, type ConfigIssue } from './config-error';
export { commaList, boolFromString, intInRange, oneOf, secret, type ConfigMeta } from './schema-helpers';
export {
  baseServiceSchema,
  BUS_KINDS,
  LOG_LEVELS,
  SASL_MECHANISMS,
  type BaseServiceConfig,
  type ServiceDefaults,
} from './base-service.schema';
export { describeConfig, secretKeys, SECRET_KEYS, type ConfigKeyInfo } from './describe-config';
export { resolveTopicSettings, topicOverrides, type ResolvedTopicSettings, type TopicConfigKeys, type TopicOverrides } from './topic-config';
export { checkOidcSettings, oidcSchemaShape, OIDC_ALGORITHMS, OIDC_CONSOLE_TOKENS, OIDC_DEFAULT_SCOPES } from './oidc.schema';
