import { flatten } from '../../flatten';
import { fillSigmaFromEcs } from '../sigma/ecs-taxonomy';
import type { ParsedRecord } from '../parsed-record';
import { OCSF_SEVERITY, OCSF_STATUS, ocsfCategory } from './ocsf-classes';

type Json = Record<string, unknown>;

/** OCSF attribute paths (flattened) → ECS names; the first present one wins. */
const PATHS: Record<string, string[]> = {
  'event.action': ['activity_name', 'type_name'],
  'host.name': ['device.hostname', 'device.name', 'dst_endpoint.hostname'],
  'host.ip': ['device.ip'],
  'source.ip': ['src_endpoint.ip'],
  'source.port': ['src_endpoint.port'],
  'destination.ip': ['dst_endpoint.ip'],
  'destination.port': ['dst_endpoint.port'],
  'destination.domain': ['dst_endpoint.hostname', 'dst_endpoint.domain'],
  'process.pid': ['process.pid', 'actor.process.pid'],
  'process.name': ['process.name', 'actor.process.name'],
  'process.executable': ['process.file.path', 'actor.process.file.path'],
  'process.command_line': ['process.cmd_line', 'actor.process.cmd_line'],
  'process.working_directory': ['process.working_directory'],
  'process.parent.pid': ['process.parent_process.pid'],
  'process.parent.name': ['process.parent_process.name'],
  'process.parent.executable': ['process.parent_process.file.path'],
  'process.parent.command_line': ['process.parent_process.cmd_line'],
  'file.path': ['file.path'],
  'network.transport': ['connection_info.protocol_name'],
  'url.original': ['http_request.url.url_string'],
  'url.domain': ['http_request.url.hostname'],
  'url.path': ['http_request.url.path'],
  'url.query': ['http_request.url.query_string'],
  'http.request.referrer': ['http_request.referrer'],
  'http.version': ['http_request.version'],
  'http.request.method': ['http_request.http_method'],
  'http.response.status_code': ['http_response.code'],
  'user_agent.original': ['http_request.user_agent'],
  'dns.question.name': ['query.hostname'],
  'service.name': ['api.service.name', 'service.name'],
  'observer.vendor': ['metadata.product.vendor_name'],
  'observer.product': ['metadata.product.name'],
  'observer.version': ['metadata.product.version'],
  'event.code': ['metadata.event_code'],
  'event.provider': ['api.service.name'],
  'network.direction': ['connection_info.direction'],
  'file.name': ['file.name'],
  'registry.path': ['reg_value.path', 'reg_key.path'],
  'registry.value': ['reg_value.name'],
  'registry.data.strings': ['reg_value.data'],
  'cloud.provider': ['cloud.provider'],
  'cloud.account.id': ['cloud.account.uid', 'cloud.account_uid'],
  'cloud.region': ['cloud.region'],
  'cloud.service.name': ['api.service.name'],
  message: ['message', 'status_detail'],
};

/** API Activity activity_id: 1 Create, 2 Read, 3 Update, 4 Delete. */
const API_WRITES = new Set([1, 3, 4]);

export function isOcsf(record: Json): boolean {
  const uid = Number(record['class_uid']);
  const marked = ['activity_id', 'category_uid', 'type_uid', 'metadata'].some((k) => record[k] !== undefined);
  return record['class_uid'] !== undefined && record['class_uid'] !== '' && Number.isInteger(uid) && marked;
}

/** ATT&CK technique uids named in `attacks[]` (OCSF 1.0–1.1) or `finding_info.attacks[]` (1.1+). */
function techniques(original: Record<string, string>): string[] {
  const ids = Object.entries(original)
    .filter(([key]) => /(^|\.)attacks\.\d+\.(technique|sub_technique)\.uid$/.test(key))
    .map(([, value]) => value);
  return [...new Set(ids)];
}

/**
 * OCSF `time` is epoch milliseconds, but mappers in the wild (the ocsf/examples Okta and Zeek
 * samples among them) write seconds; `time_dt` (ISO) wins when present. Without any, the Event
 * builder warns and uses the receive time.
 */
function ocsfTime(record: Json): number | undefined {
  if (typeof record['time_dt'] === 'string' && Number.isFinite(Date.parse(record['time_dt']))) return Date.parse(record['time_dt']);
  const time = Number(record['time']);
  if (record['time'] === undefined || record['time'] === '' || !Number.isFinite(time)) return undefined;
  const ms = Math.round(time < 1e11 ? time * 1000 : time);
  // Beyond ±100,000,000 days a JavaScript date does not exist: no time rather than a crash.
  return Number.isFinite(new Date(ms).getTime()) ? ms : undefined;
}

/**
 * OCSF event → ParsedRecord. The account that authenticates is `user` in Authentication (3002)
 * and `actor.user` elsewhere; `user` is preferred when both are present.
 */
export function parseOcsfObject(record: Json): ParsedRecord {
  const original = flatten(record);
  const fields: Record<string, string> = {};
  for (const [ecs, paths] of Object.entries(PATHS)) {
    const value = paths.map((p) => original[p]).find((v) => v !== undefined && v !== '');
    if (value !== undefined) fields[ecs] = value;
  }
  const category = ocsfCategory(Number(record['class_uid']), record['category_uid'] === undefined ? undefined : Number(record['category_uid']));
  if (category) fields['event.category'] = category;
  // API Activity (6003) is how OCSF carries cloud audit logs (Security Lake's CloudTrail): Create,
  // Update and Delete calls change the account's configuration; Read does not.
  if (Number(record['class_uid']) === 6003 && API_WRITES.has(Number(record['activity_id']))) fields['event.category'] = 'configuration';
  const userName = original['user.name'] ?? original['actor.user.name'];
  if (userName) fields['user.name'] = userName;
  const domain = original['user.name'] ? original['user.domain'] : original['actor.user.domain'];
  if (domain) fields['user.domain'] = domain;
  const outcome = OCSF_STATUS[original['status_id'] ?? ''] ?? original['status']?.toLowerCase();
  if (outcome === 'success' || outcome === 'failure') fields['event.outcome'] = outcome;
  const severity = OCSF_SEVERITY[original['severity_id'] ?? ''];
  if (severity) fields['event.severity'] = severity;
  if (fields['network.transport']) fields['network.transport'] = fields['network.transport'].toLowerCase();
  const time = ocsfTime(record);
  if (time !== undefined) fields['@timestamp'] = new Date(time).toISOString();
  const found = techniques(original);
  return { format: 'ocsf', time, fields, original: fillSigmaFromEcs(fields, original), warnings: [], ...(found.length > 0 ? { techniques: found } : {}) };
}
