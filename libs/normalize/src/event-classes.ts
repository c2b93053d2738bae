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

export function classFromEcsCategory(category: string | undefined): EventClassName {
  if (!category) return 'other';
  return ECS_CATEGORY[category.toLowerCase()] ?? (category in EVENT_CLASSES ? (category as EventClassName) : 'other');
}
