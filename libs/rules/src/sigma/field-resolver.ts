import type { Event } from '@quell/contracts';
import { valueAt } from './event-path';
import type { MappingPipelines } from './mapping-pipeline';
import { activeMappingPipelines } from './shipped-pipelines';
import { WINDOWS_FIELD_RENAMES, WINDOWS_SERVICE_CHANNELS } from './windows-logsources';

/**
 * Sigma field name → dotted path on the Event (e.g. `process.commandLine`); `original.<name>` is
 * the record's own field `<name>` (dots and all), which renames one source field to another.
 */
export type FieldMapping = Readonly<Record<string, string>>;

export interface FieldResolverOptions {
  /** Used for every source; replaces the default mapping when given. */
  mapping?: FieldMapping;
  /** Extra mappings per `event.source.type`, consulted before `mapping`. */
  perSource?: Readonly<Record<string, FieldMapping>>;
  /** Per-source mapping pipelines, consulted first; the active set (shipped and the user's) when absent. */
  pipelines?: MappingPipelines;
}

/** Reads a Sigma field from an Event; undefined when the event does not carry it. */
export type FieldResolver = (event: Event, field: string) => string | undefined;

/**
 * Where a Sigma field lives on a normalized Event when the source's own record did not carry it
 * under that name (non-Windows sources). `event.original` always wins: it holds the record's
 * fields as written.
 */
export const DEFAULT_FIELD_MAPPING: FieldMapping = {
  CommandLine: 'process.commandLine',
  Image: 'process.executable',
  ProcessId: 'process.pid',
  // Sigma's ParentImage is a full path, as Event v2's parentExecutable is (parentName is the base name).
  ParentImage: 'process.parentExecutable',
  ParentProcessId: 'process.parentPid',
  TargetFilename: 'file.path',
  TargetObject: 'registry.path',
  Details: 'registry.data',
  QueryName: 'dns.questionName',
  ParentCommandLine: 'process.parentCommandLine',
  User: 'user.name',
  TargetUserName: 'user.name',
  Computer: 'host.name',
  ComputerName: 'host.name',
  Hostname: 'host.name',
  SourceIp: 'src.ip',
  SourcePort: 'src.port',
  DestinationIp: 'dst.ip',
  DestinationPort: 'dst.port',
  src_ip: 'src.ip',
  src_port: 'src.port',
  dst_ip: 'dst.ip',
  dst_port: 'dst.port',
  // ECS names of what every normalized Event carries, so an ECS-style rule (the sample failed-logon)
  // reads a syslog or Windows event as it reads an Elastic agent's record (whose own fields win).
  'event.outcome': 'outcome',
  'event.action': 'action',
  'event.code': 'code',
  'event.provider': 'provider',
  'host.name': 'host.name',
  'user.name': 'user.name',
  'source.ip': 'src.ip',
  'source.port': 'src.port',
  'destination.ip': 'dst.ip',
  'destination.port': 'dst.port',
  'process.name': 'process.name',
  'process.pid': 'process.pid',
  'process.executable': 'process.executable',
  'process.command_line': 'process.commandLine',
  'network.transport': 'network.transport',
};

export function createFieldResolver(options: FieldResolverOptions = {}): FieldResolver {
  const mapping = options.mapping ?? DEFAULT_FIELD_MAPPING;
  const perSource = options.perSource ?? {};
  for (const target of [mapping, ...Object.values(perSource)].flatMap((m) => Object.values(m))) {
    // The rule index (DetectionRuleSet) relies on this: only keyword searches read the raw text.
    if (target === 'rawText' || target.startsWith('rawText.')) throw new Error(`field mapping to "${target}": the raw record is searched with keywords, not as a field`);
  }
  const pipelines = options.pipelines;
  return (event, field) => {
    // The pipeline names where the field lives for this kind of event; its word beats a same-named original field.
    const piped = (pipelines ?? activeMappingPipelines()).fieldOf(event, field);
    if (piped !== undefined) return piped;
    const original = event.original[field] ?? spacelessIndex(event).get(field) ?? windowsRenamed(event, field);
    if (original !== undefined) return original;
    const path = perSource[event.source.type]?.[field] ?? mapping[field];
    return path === undefined ? undefined : valueAt(event, path);
  };
}

const spaceless = new WeakMap<Event, ReadonlyMap<string, string>>();
const NO_SPACELESS_NAMES: ReadonlyMap<string, string> = new Map();

/**
 * Sigma names fields "as they appear in the log source with all spaces stripped" (Defender's
 * `Source Name` is `SourceName` in rules); this index, built once per event, finds them.
 */
function spacelessIndex(event: Event): ReadonlyMap<string, string> {
  let index = spaceless.get(event);
  if (!index) {
    // Most events have no field name with a space: they share one empty index (no entries array, no Map each).
    let built: Map<string, string> | undefined;
    const original = event.original;
    for (const key in original) if (key.includes(' ')) (built ??= new Map()).set(key.replace(/ /g, ''), original[key]);
    index = built ?? NO_SPACELESS_NAMES;
    spaceless.set(event, index);
  }
  return index;
}

/** Sigma field → the Windows log's own field where THOR's map renames it (e.g. 4688 `Image` → `NewProcessName`). */
const RENAMES_BY_CHANNEL = new Map<string, { eventIds?: readonly number[]; fields: Readonly<Record<string, string>> }[]>();
for (const rename of WINDOWS_FIELD_RENAMES) {
  for (const channel of WINDOWS_SERVICE_CHANNELS[rename.service] ?? []) {
    RENAMES_BY_CHANNEL.set(channel.toLowerCase(), [...(RENAMES_BY_CHANNEL.get(channel.toLowerCase()) ?? []), rename]);
  }
}

function windowsRenamed(event: Event, field: string): string | undefined {
  const channel = event.original['Channel'];
  const renames = channel === undefined ? undefined : RENAMES_BY_CHANNEL.get(channel.toLowerCase());
  if (renames === undefined) return undefined;
  const eventId = Number(event.original['EventID']);
  for (const { eventIds, fields } of renames) {
    const own = fields[field];
    if (own !== undefined && (eventIds === undefined || eventIds.includes(eventId))) return event.original[own];
  }
  return undefined;
}
