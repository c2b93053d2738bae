import type { Event } from '@quell/contracts';

// Event classes → ECS `event.category` values (https://www.elastic.co/guide/en/ecs/current/ecs-allowed-values-event-category.html).
const ECS_CATEGORY: Record<string, string> = {
  authentication: 'authentication',
  network: 'network',
  process: 'process',
  file: 'file',
  config_change: 'configuration',
  threat: 'intrusion_detection',
  system: 'host',
  application: 'web',
};

type EcsValue = string | number | string[] | Record<string, string>;

/**
 * A normalized Event as one flat object of ECS field names (`@timestamp`, `event.category`,
 * `host.name`, `source.ip`, …); fields the event does not have are left out rather than null.
 */
export function toEcsJson(event: Event): Record<string, EcsValue> {
  const out: Record<string, EcsValue> = {};
  const put = (name: string, value: EcsValue | null | undefined) => {
    if (value === null || value === undefined || value === '') return;
    if (Array.isArray(value) && value.length === 0) return;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return;
    out[name] = value;
  };
  put('@timestamp', new Date(event.time).toISOString());
  put('event.id', event.id);
  put('event.created', new Date(event.ingestTime).toISOString());
  // `other` has no ECS category: left out, the class stays in `quell.class`.
  put('event.category', ECS_CATEGORY[event.className]);
  put('event.action', event.action);
  put('event.outcome', event.outcome);
  put('event.severity', event.severity);
  put('event.module', event.source.type);
  put('event.provider', event.source.name);
  put('ocsf.class_uid', event.classUid);
  put('quell.class', event.className);
  put('organization.id', event.tenant);
  put('host.name', event.host?.name);
  put('host.ip', event.host?.ip);
  put('user.name', event.user?.name);
  put('user.domain', event.user?.domain);
  put('source.ip', event.src?.ip);
  put('source.port', event.src?.port);
  put('destination.ip', event.dst?.ip);
  put('destination.port', event.dst?.port);
  put('process.pid', event.process?.pid);
  put('process.name', event.process?.name);
  put('process.executable', event.process?.executable);
  put('process.command_line', event.process?.commandLine);
  put('process.parent.name', event.process?.parentName);
  put('process.parent.command_line', event.process?.parentCommandLine);
  put('service.name', event.service);
  put('message', event.message);
  put('tags', event.tags);
  put('threat.technique.id', event.attackTechniques);
  put('event.original', event.rawText);
  put('quell.original', event.original);
  put('quell.parse_warnings', event.parseWarnings);
  if (event.late) out['quell.late'] = 'true';
  return out;
}
