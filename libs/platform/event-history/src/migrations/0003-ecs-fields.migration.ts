import type { Migration } from '@quell/platform-clickhouse';

// WARNING: applied migrations are checksummed: never edit this text, not even a comment (the
// runner refuses to start); change the schema with a new migration. The text is the former
// migrations/0003_ecs_fields.sql, byte for byte, so databases that applied that file recognise it.
export const ECS_FIELDS_0003: Migration = {
  version: 3,
  name: '0003_ecs_fields.sql',
  sql: `-- The Event's v2 ECS fields (event.code, observer.*, network.*, process.parent.*, process and file
-- hashes, file.*, registry.*, dns.question.name, url.*, http.*, user_agent.original, cloud.*), one
-- column each as in 0001: '' or 0 when absent, never Nullable. Rows written before this migration
-- read the defaults. Values from a small set (codes, vendors, protocols, regions) are
-- LowCardinality; paths, names, hashes and URLs are plain String.
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS event_code LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS event_provider LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS observer_vendor LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS observer_product LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS observer_version LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS observer_hostname String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS observer_ip String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS observer_type LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS network_transport LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS network_protocol LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS network_direction LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS process_parent_executable String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS process_parent_pid Int64 DEFAULT 0;
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS process_parent_command_line String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS process_hash_md5 String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS process_hash_sha1 String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS process_hash_sha256 String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS file_path String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS file_name String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS file_hash_md5 String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS file_hash_sha1 String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS file_hash_sha256 String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS registry_path String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS registry_value String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS registry_data String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS dns_question_name String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS url_full String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS url_domain String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS http_request_method LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS http_response_status_code UInt16 DEFAULT 0;
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS user_agent String DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS cloud_provider LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS cloud_account_id LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS cloud_region LowCardinality(String) DEFAULT '';
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS cloud_service_name LowCardinality(String) DEFAULT '';
-- What investigations look up by exact value (an indicator: a hash, a domain, a file or key name)
-- gets a bloom filter; the event code a set index, as class and action have in 0002.
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_event_code event_code TYPE set(1024) GRANULARITY 4;
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_process_sha256 process_hash_sha256 TYPE bloom_filter GRANULARITY 4;
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_file_sha256 file_hash_sha256 TYPE bloom_filter GRANULARITY 4;
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_file_name file_name TYPE bloom_filter GRANULARITY 4;
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_dns_question dns_question_name TYPE bloom_filter GRANULARITY 4;
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_url_domain url_domain TYPE bloom_filter GRANULARITY 4;
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_registry_path registry_path TYPE ngrambf_v1(3, 8192, 3, 0) GRANULARITY 4;
`,
};
