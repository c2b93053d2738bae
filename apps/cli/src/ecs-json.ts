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
  // The log's own provider (Event v2); events without one keep the configured source name here.
  put('event.provider', event.provider ?? event.source.name);
  put('event.code', event.code);
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
  put('process.parent.executable', event.process?.parentExecutable);
  put('process.parent.pid', event.process?.parentPid);
  put('process.hash.md5', event.process?.hash?.md5);
  put('process.hash.sha1', event.process?.hash?.sha1);
  put('process.hash.sha256', event.process?.hash?.sha256);
  put('observer.vendor', event.observer?.vendor);
  put('observer.product', event.observer?.product);
  put('observer.version', event.observer?.version);
  put('observer.hostname', event.observer?.hostname);
  put('observer.ip', event.observer?.ip);
  put('observer.type', event.observer?.type);
  put('network.transport', event.network?.transport);
  put('network.protocol', event.network?.protocol);
  put('network.direction', event.network?.direction);
  put('file.path', event.file?.path);
  put('file.name', event.file?.name);
  put('file.hash.md5', event.file?.hash?.md5);
  put('file.hash.sha1', event.file?.hash?.sha1);
  put('file.hash.sha256', event.file?.hash?.sha256);
  put('registry.path', event.registry?.path);
  put('registry.value', event.registry?.value);
  put('registry.data.strings', event.registry?.data ? [event.registry.data] : null);
  put('dns.question.name', event.dns?.questionName);
  put('url.full', event.url?.full);
  put('url.domain', event.url?.domain);
  put('http.request.method', event.http?.requestMethod);
  put('http.response.status_code', event.http?.responseStatusCode);
  put('user_agent.original', event.userAgent);
  put('cloud.provider', event.cloud?.provider);
  put('cloud.account.id', event.cloud?.accountId);
  put('cloud.region', event.cloud?.region);
  put('cloud.service.name', event.cloud?.serviceName);
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
