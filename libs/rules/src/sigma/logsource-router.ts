import type { Event } from '@quell/contracts';
import type { MappingPipelines, PipelineSource } from './mapping-pipeline';
import { activeMappingPipelines } from './shipped-pipelines';
import type { SigmaLogsource } from './sigma-rule';
import { WINDOWS_CATEGORY_SOURCES, WINDOWS_CONDITION_FIELDS, WINDOWS_SERVICE_CHANNELS, type WindowsCategorySource } from './windows-logsources';

/**
 * Generic Sigma categories → Quell event classes, for sources that are not Windows event logs.
 * A category missing here routes on product and service alone.
 */
export const CATEGORY_CLASSES: Readonly<Record<string, readonly string[]>> = {
  process_creation: ['process'],
  process_termination: ['process'],
  network_connection: ['network'],
  firewall: ['network'],
  dns: ['network'],
  dns_query: ['network'],
  proxy: ['network', 'application'],
  webserver: ['application', 'network'],
  file_event: ['file'],
  file_change: ['file'],
  file_delete: ['file'],
  file_access: ['file'],
  file_rename: ['file'],
  authentication: ['authentication'],
  registry_event: ['config_change'],
  registry_set: ['config_change'],
  registry_add: ['config_change'],
  registry_delete: ['config_change'],
  antivirus: ['threat'],
  // SQL query logs: ECS `database` normalizes to application (libs/normalize event-classes).
  database: ['application'],
};

/**
 * True when the event comes from the log source the rule is written for: through the mapping
 * pipeline source the event belongs to (sshd syslog is linux/sshd), else through its Windows channel,
 * source type or ECS module.
 */
export function belongsToLogsource(logsource: SigmaLogsource, event: Event, pipelines: MappingPipelines = activeMappingPipelines()): boolean {
  const source = pipelines.sourceOf(event);
  if (source !== undefined && pipelineMatches(logsource, event, source)) return true;
  const channel = event.original['Channel'];
  if (channel !== undefined && (logsource.product === 'windows' || (logsource.product === undefined && !routedByClassOnly(logsource)))) {
    return windowsMatches(logsource, event, channel);
  }
  if (logsource.product === 'windows') return false;
  if (logsource.product !== undefined && !fromProduct(event, logsource.product.toLowerCase())) return false;
  if (logsource.service !== undefined && !fromService(event, logsource.service.toLowerCase())) return false;
  const classes = logsource.category === undefined ? undefined : CATEGORY_CLASSES[logsource.category];
  return classes === undefined || classes.includes(event.className);
}

/**
 * The pipeline source is the rule's product and service; a category is one the source lists or the
 * event's class gives. A category-only rule (`category: proxy`) needs the source to list it: the
 * class route below already takes any event of the category's classes.
 */
function pipelineMatches(logsource: SigmaLogsource, event: Event, source: PipelineSource): boolean {
  const category = logsource.category?.toLowerCase();
  if (logsource.product === undefined && logsource.service === undefined) return category !== undefined && source.categories.includes(category);
  if (logsource.product !== undefined && logsource.product.toLowerCase() !== source.product) return false;
  if (logsource.service !== undefined && !source.services.includes(logsource.service.toLowerCase())) return false;
  return category === undefined || source.categories.includes(category) || (CATEGORY_CLASSES[category]?.includes(event.className) ?? false);
}

/** A non-Windows event's product: its source type or type prefix (`linux-sshd`), or ECS `event.module` (zeek, suricata…). */
function fromProduct(event: Event, product: string): boolean {
  const type = event.source.type.toLowerCase();
  return type === product || type.startsWith(`${product}-`) || event.original['event.module']?.toLowerCase() === product;
}

/** A non-Windows event's service: a part of its source type, ECS `event.module`, or a part of `event.dataset` (`zeek.dns`). */
function fromService(event: Event, service: string): boolean {
  const type = event.source.type.toLowerCase();
  if (type === service || type.split('-').includes(service)) return true;
  if (event.original['event.module']?.toLowerCase() === service) return true;
  return event.original['event.dataset']?.toLowerCase().split('.').includes(service) ?? false;
}

/**
 * A product-less rule of a generic category no Windows log provides (proxy, webserver, firewall,
 * dns, antivirus, ...): a Windows event meets it through its event class like any other source,
 * so a webserver rule does not search every Sysmon event.
 */
function routedByClassOnly(logsource: SigmaLogsource): boolean {
  const category = logsource.category;
  return category !== undefined && logsource.service === undefined && !(category in WINDOWS_CATEGORY_SOURCES) && category in CATEGORY_CLASSES;
}

function windowsMatches(logsource: SigmaLogsource, event: Event, channel: string): boolean {
  const lower = channel.toLowerCase();
  const inService = (service: string) => {
    const channels = WINDOWS_SERVICE_CHANNELS[service];
    // A service THOR does not list is matched by name inside the channel (e.g. "bits-client").
    return channels ? channels.some((c) => c.toLowerCase() === lower) : lower.includes(service.toLowerCase());
  };
  if (logsource.service !== undefined && !inService(logsource.service)) return false;
  if (logsource.category === undefined) return logsource.product !== undefined || logsource.service !== undefined;
  const sources = WINDOWS_CATEGORY_SOURCES[logsource.category];
  if (!sources) return true;
  const eventId = Number(event.original['EventID']);
  return sources.some((s) => s.eventIds.includes(eventId) && inService(s.service) && meetsConditions(s, event));
}

/** THOR's other conditions (registry_add is Sysmon 12 with EventType CreateKey, registry_delete DeleteKey or DeleteValue). */
function meetsConditions(source: WindowsCategorySource, event: Event): boolean {
  if (source.conditions === undefined) return true;
  return Object.entries(source.conditions).every(([field, value]) => event.original[field]?.toLowerCase() === value.toLowerCase());
}

/**
 * Everything `belongsToLogsource` reads of an event, as one string: events with the same key belong
 * to the same log sources, so routing can be computed once per key. Keep the two in step.
 */
export function routingKeyOf(event: Event, pipelines: MappingPipelines = activeMappingPipelines()): string {
  const channel = event.original['Channel'];
  const parts =
    channel === undefined
      ? [event.original['event.module'] ?? null, event.original['event.dataset'] ?? null]
      : WINDOWS_CONDITION_FIELDS.map((field) => event.original[field]?.toLowerCase() ?? null);
  return JSON.stringify([pipelines.sourceOf(event)?.id ?? null, channel ?? null, channel === undefined ? null : (event.original['EventID'] ?? null), event.source.type, event.className, ...parts]);
}
