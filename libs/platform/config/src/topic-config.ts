import { z } from 'zod';
import { CLEANUP_POLICIES, TOPIC_ROLES, TOPIC_SETTING_NAMES, TOPIC_SETTINGS, type TopicRole, type TopicSettings } from '@quell/contracts';

export type TopicOverrides = Partial<Record<TopicRole, Partial<TopicSettings>>>;

/** A topic's settings once the deployment's keys are applied: partitions always known. */
export interface ResolvedTopicSettings extends TopicSettings {
  partitions: number;
}

/** The keys of a service config that decide how topics are created. */
export interface TopicConfigKeys {
  KAFKA_TOPIC_DEFAULT_PARTITIONS: number;
  KAFKA_TOPIC_REPLICATION_FACTOR?: number;
  KAFKA_TOPIC_SETTINGS?: TopicOverrides;
}

type SettingName = (typeof TOPIC_SETTING_NAMES)[number];

const MAX_PARTITIONS = 10_000;
const MAX_REPLICATION_FACTOR = 32;

/** One setting's value from its text, or an error message. */
function settingValue(name: SettingName, text: string): number | string | { error: string } {
  if (name === 'cleanupPolicy') {
    return (CLEANUP_POLICIES as readonly string[]).includes(text) ? text : { error: `expected one of ${CLEANUP_POLICIES.join(', ')}` };
  }
  const value = Number(text);
  const [min, max] = name === 'partitions' ? [1, MAX_PARTITIONS] : name === 'replicationFactor' ? [1, MAX_REPLICATION_FACTOR] : [-1, Number.MAX_SAFE_INTEGER];
  if (!/^-?\d+$/.test(text) || value < min || value > max || value === 0) return { error: `expected an integer between ${min} and ${max}${min < 0 ? ' (-1: forever), not 0' : ''}` };
  return value;
}

/**
 * `<role>.<setting>=<value>` pairs, comma-separated, e.g. `raw.partitions=12,deadLetters.retentionMs=-1`:
 * per-topic settings over TOPIC_SETTINGS. Each wrong pair is reported with what is allowed.
 */
export function topicOverrides() {
  return z.string().transform((raw, ctx) => {
    const overrides: TopicOverrides = {};
    const fail = (item: string, message: string) => ctx.addIssue({ code: 'custom', message: `${JSON.stringify(item)}: ${message}` });
    for (const item of raw.split(',').map((part) => part.trim()).filter((part) => part.length > 0)) {
      const match = /^(\w+)\.(\w+)=(.*)$/.exec(item);
      if (!match) {
        fail(item, 'expected <topic role>.<setting>=<value>, e.g. raw.partitions=12');
        continue;
      }
      const [, role, setting, text] = match;
      if (!(TOPIC_ROLES as readonly string[]).includes(role)) {
        fail(item, `unknown topic role ${JSON.stringify(role)} (one of ${TOPIC_ROLES.join(', ')})`);
        continue;
      }
      if (!(TOPIC_SETTING_NAMES as readonly string[]).includes(setting)) {
        fail(item, `unknown setting ${JSON.stringify(setting)} (one of ${TOPIC_SETTING_NAMES.join(', ')})`);
        continue;
      }
      const value = settingValue(setting as SettingName, text.trim());
      if (typeof value === 'object') {
        fail(item, value.error);
        continue;
      }
      const topic = (overrides[role as TopicRole] ??= {});
      if (setting in topic) fail(item, `${role}.${setting} is set twice`);
      Object.assign(topic, { [setting]: value });
    }
    for (const [role, settings] of Object.entries(overrides) as [TopicRole, Partial<TopicSettings>][]) {
      // Incidents and changes are rebuilt by reading their topic whole: deleting old records would lose state.
      if (settings.cleanupPolicy === 'delete' && TOPIC_SETTINGS[role].cleanupPolicy === 'compact') {
        fail(`${role}.cleanupPolicy=delete`, `the ${role} topic holds state that services rebuild by reading it whole; it must stay compacted`);
      }
      const policy = settings.cleanupPolicy ?? TOPIC_SETTINGS[role].cleanupPolicy;
      if (settings.retentionMs !== undefined && policy === 'compact') fail(`${role}.retentionMs`, 'a compacted topic keeps the latest record per key; retention applies to cleanupPolicy=delete only');
    }
    return overrides;
  });
}

/** Every topic's settings: its overrides, else the deployment's defaults, else the TOPIC_SETTINGS table. */
export function resolveTopicSettings(config: TopicConfigKeys): Record<TopicRole, ResolvedTopicSettings> {
  const resolved = {} as Record<TopicRole, ResolvedTopicSettings>;
  for (const role of TOPIC_ROLES) {
    const defaults = TOPIC_SETTINGS[role];
    const override = config.KAFKA_TOPIC_SETTINGS?.[role] ?? {};
    const cleanupPolicy = override.cleanupPolicy ?? defaults.cleanupPolicy;
    resolved[role] = {
      partitions: override.partitions ?? defaults.partitions ?? config.KAFKA_TOPIC_DEFAULT_PARTITIONS,
      replicationFactor: override.replicationFactor ?? defaults.replicationFactor ?? config.KAFKA_TOPIC_REPLICATION_FACTOR,
      // A topic made compact by an override drops the table's retention, which would not apply.
      retentionMs: cleanupPolicy === 'compact' ? undefined : (override.retentionMs ?? defaults.retentionMs),
      cleanupPolicy,
    };
  }
  return resolved;
}
