export { AvroCodec, type AvroCodecOptions } from './avro-codec';
export { ContractError } from './contract-error';
export { derivedId } from './derived-id';
export { EncodableRecord } from './encodable-record';
export type * from './generated/types';
export {
  loadSchemaCatalog,
  locateSchemasDir,
  type AvroSchemaJson,
  type CurrentSchema,
  type SchemaCatalog,
  type SchemaVersion,
} from './schema-catalog';
export { findIncompatibilities } from './schema-compatibility';
export { SCHEMA_NAMES, isSchemaName, type ContractTypes, type SchemaName } from './schema-names';
export {
  BYTES_ROLES,
  CONFIG_CHANGE_CLASS,
  TOPIC_ROLES,
  TOPIC_SCHEMA,
  topicsFor,
  type AvroTopicRole,
  type TopicRole,
  type Topics,
} from './topics';
export {
  CLEANUP_POLICIES,
  COMPACTED_ROLES,
  TOPIC_SETTINGS,
  TOPIC_SETTING_NAMES,
  type CleanupPolicy,
  type TopicSettings,
} from './topic-settings';
export { decodeWire, encodeWire, type WireMessage } from './wire-format';
export { emptyEventParts } from './empty-event-parts';
export { emptyIncidentParts } from './empty-incident-parts';
