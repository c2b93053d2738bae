/** OCSF class uids for the classes Quell names (OCSF 1.x). */
export const EVENT_CLASSES = {
  authentication: 3002,
  network: 4001,
  process: 1007,
  file: 1001,
  config_change: 5019,
  threat: 2004,
  system: 1006,
  application: 6002,
  other: 0,
} as const;

export type EventClassName = keyof typeof EVENT_CLASSES;

/** ECS `event.category` values → Quell class. */
const ECS_CATEGORY: Record<string, EventClassName> = {
  authentication: 'authentication',
  iam: 'authentication',
  session: 'authentication',
  network: 'network',
  process: 'process',
  file: 'file',
  configuration: 'config_change',
  // Registry writes are how Windows configuration changes (Sysmon 12/13/14, Security 4657, OCSF 1008/1009).
  registry: 'config_change',
  intrusion_detection: 'threat',
  malware: 'threat',
  threat: 'threat',
  host: 'system',
  driver: 'system',
  library: 'system',
  vulnerability: 'threat',
  package: 'application',
  api: 'application',
  email: 'application',
  web: 'application',
  database: 'application',
};

/**
 * When ECS gives several categories (Filebeat's auth pipeline: `["authentication","session"]`,
 * Winlogbeat 4719: `["iam","configuration"]`), the most specific class wins: a threat over what it
 * happened to, a configuration change over the account that made it, then the rest.
 */
const PRECEDENCE: readonly EventClassName[] = ['threat', 'config_change', 'authentication', 'process', 'file', 'network', 'system', 'application'];

function classOfOne(category: string): EventClassName {
  const c = category.trim().toLowerCase();
  return ECS_CATEGORY[c] ?? (c in EVENT_CLASSES ? (c as EventClassName) : 'other');
}

/** One category or several, comma-joined (how flattened JSON arrays arrive). */
export function classFromEcsCategory(category: string | undefined): EventClassName {
  if (!category) return 'other';
  if (!category.includes(',')) return classOfOne(category);
  const classes = new Set(category.split(',').map(classOfOne));
  return PRECEDENCE.find((c) => classes.has(c)) ?? 'other';
}
