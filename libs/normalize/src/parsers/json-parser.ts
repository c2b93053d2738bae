import { JsonTooDeepError, MAX_JSON_DEPTH, parseJsonWithinDepth } from '@quell/input-limits';
import { flatten } from '../flatten';
import { firstValue } from './first-value';
import { cloudAuditFields } from './cloud/cloud-audit';
import { isOcsf, parseOcsfObject } from './ocsf/ocsf-parser';
import { ParseError, type ParseContext, type ParsedRecord } from './parsed-record';
import { fillSigmaInto } from './sigma/ecs-taxonomy';
import { fieldsFromLogLine } from './syslog/embedded-log-line';
import { parseWindowsRecord } from './windows/windows-parser';
import { windowsShape } from './windows/windows-shape';

/** ECS names read straight from ECS-shaped JSON; common flat aliases map onto them. */
const ALIASES: Record<string, string[]> = {
  '@timestamp': ['@timestamp', 'timestamp', 'time'],
  'event.category': ['event.category', 'event.category.0', 'category'],
  'event.action': ['event.action', 'action'],
  'event.outcome': ['event.outcome', 'outcome'],
  'event.severity': ['event.severity', 'severity'],
  'event.code': ['event.code'],
  'host.name': ['host.name', 'host.hostname', 'hostname', 'host'],
  'host.ip': ['host.ip', 'host.ip.0'],
  'user.name': ['user.name', 'user', 'username'],
  'user.domain': ['user.domain'],
  'source.ip': ['source.ip', 'src_ip', 'src'],
  'source.port': ['source.port', 'src_port'],
  'destination.ip': ['destination.ip', 'dst_ip', 'dst'],
  'destination.port': ['destination.port', 'dst_port'],
  'process.pid': ['process.pid'],
  'process.name': ['process.name'],
  'process.executable': ['process.executable'],
  'process.command_line': ['process.command_line'],
  'process.parent.name': ['process.parent.name'],
  'process.parent.command_line': ['process.parent.command_line'],
  'service.name': ['service.name', 'service'],
  'network.transport': ['network.transport'],
  'url.original': ['url.original', 'url.full'],
  'file.path': ['file.path'],
  'observer.vendor': ['observer.vendor'],
  'observer.product': ['observer.product'],
  message: ['message', 'msg'],
  tags: ['tags'],
};

/** The Event v2 ECS fields, read under their own ECS names when a document carries them. */
const ECS_V2_FIELDS = [
  'event.provider', 'observer.version', 'observer.hostname', 'observer.ip', 'observer.type', 'network.protocol', 'network.direction',
  'process.parent.executable', 'process.parent.pid', 'process.hash.md5', 'process.hash.sha1', 'process.hash.sha256', 'file.name',
  'file.hash.md5', 'file.hash.sha1', 'file.hash.sha256', 'registry.path', 'registry.value', 'registry.data.strings', 'dns.question.name',
  'url.full', 'url.domain', 'http.request.method', 'http.response.status_code', 'user_agent.original', 'cloud.provider', 'cloud.account.id',
  'cloud.region', 'cloud.service.name',
];
for (const name of ECS_V2_FIELDS) ALIASES[name] ??= [name];
// Read once per record for every alias: kept as entries rather than rebuilt per record.
const ALIAS_ENTRIES = Object.entries(ALIASES);

const EVENT_DATA_KEY = /^winlog\.(event_data|user_data)\./;

/**
 * The payload as a JSON object, refused (ParseError, so dead-lettered at once with the reason) when
 * it is not one or nests deeper than MAX_JSON_DEPTH: everything after this point (flattening, the
 * shape readers) recurses over the document, so the limit here is what bounds their stack.
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseJsonWithinDepth(text, MAX_JSON_DEPTH);
  } catch (error) {
    if (error instanceof JsonTooDeepError) throw new ParseError(`payload is refused: ${error.message} (flatten it before sending)`);
    throw new ParseError(`payload is not JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ParseError('payload must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** ECS-shaped or arbitrary JSON; a per-source mapping (source field → ECS field) wins over the aliases. */
function parseEcsOrArbitrary(record: Record<string, unknown>, context: ParseContext, shared?: Record<string, string>): ParsedRecord {
  const flat = shared ?? flatten(record);
  const fields: Record<string, string> = {};
  for (const [ecs, names] of ALIAS_ENTRIES) {
    const value = firstValue(flat, names);
    if (value !== undefined) fields[ecs] = value;
  }
  Object.assign(fields, cloudAuditFields(flat));
  let extracted: Record<string, string> | undefined;
  if (fields['message'] !== undefined && fields['event.category'] === undefined) {
    // An unparsed log line (Filebeat's system module over Kafka): the document's own fields win.
    const line = fieldsFromLogLine(fields['message'], fields['process.name'], context.receivedAt);
    Object.assign(fields, { ...line.fields, ...fields });
    extracted = line.original;
  }
  for (const [from, to] of Object.entries(context.fieldMapping ?? {})) {
    if (flat[from] !== undefined) fields[to] = flat[from];
  }
  // The Sigma names go into a copy only when `flat` is the caller's too or a log line's fields come first;
  // otherwise into this record's own flattening (no Sigma name is an ECS name `flat` is read under).
  const original = shared !== undefined || extracted !== undefined ? { ...extracted, ...flat } : flat;
  return { format: 'json', fields, original: fillSigmaInto(flat, original), warnings: [] };
}

/**
 * Any JSON object, told apart by shape: a Windows event (evtx_dump, Winlogbeat, NXLog) → 'windows',
 * an OCSF event (numeric `class_uid`) → 'ocsf', anything else → 'json' (ECS or arbitrary). The
 * per-source field mapping applies on top of every shape.
 */
export function parseJson(text: string, context: ParseContext): ParsedRecord {
  const record = context.json ?? parseJsonObject(text);
  const windows = windowsShape(record);
  const parsed = windows ? parseWindowsRecord(windows) : isOcsf(record) ? parseOcsfObject(record) : undefined;
  if (!parsed) return parseEcsOrArbitrary(record, context);
  if (windows?.shape === 'winlogbeat') {
    // Winlogbeat's ingest pipelines move some EventData into ECS fields (Sysmon DNS events keep no
    // event_data at all): the document's own ECS fields fill what the event data did not.
    // One flattening for both (the Sigma names go into copies, never into `flat`).
    const flat = flatten(record);
    const ecs = parseEcsOrArbitrary(record, { receivedAt: context.receivedAt }, flat);
    parsed.fields = { ...ecs.fields, ...parsed.fields };
    // The rest of the document stays under its dotted names; event data already sits under its own.
    const rest: Record<string, string> = {};
    for (const key in flat) if (!EVENT_DATA_KEY.test(key)) rest[key] = flat[key];
    parsed.original = fillSigmaInto(flat, { ...rest, ...parsed.original });
  }
  const mapping = Object.entries(context.fieldMapping ?? {});
  if (mapping.length > 0) {
    const flat = flatten(record);
    for (const [from, to] of mapping) {
      const value = parsed.original[from] ?? flat[from];
      if (value !== undefined) parsed.fields[to] = value;
    }
  }
  return parsed;
}
