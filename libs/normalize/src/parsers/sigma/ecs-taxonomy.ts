import { firstValue } from '../first-value';

/**
 * Sigma taxonomy names for records that arrive ECS- or OCSF-shaped (Auditbeat, Elastic Agent,
 * Zeek/proxy logs shipped as ECS): the Linux and macOS process_creation / network_connection /
 * file_event fields and the proxy/webserver fields of tests/logsource.json, filled from the
 * normalized ECS view so that a Sigma rule finds them in `original`. Native names are never overwritten.
 */
export const ECS_TO_SIGMA: Record<string, string[]> = {
  Image: ['process.executable'],
  CommandLine: ['process.command_line'],
  ProcessId: ['process.pid'],
  CurrentDirectory: ['process.working_directory'],
  ParentImage: ['process.parent.executable'],
  ParentCommandLine: ['process.parent.command_line'],
  ParentProcessId: ['process.parent.pid'],
  User: ['user.name'],
  SourceIp: ['source.ip'],
  SourcePort: ['source.port'],
  SourceHostname: ['source.domain'],
  DestinationIp: ['destination.ip'],
  DestinationPort: ['destination.port'],
  DestinationHostname: ['destination.domain'],
  Protocol: ['network.transport'],
  TargetFilename: ['file.path'],
  QueryName: ['dns.question.name'],
  // proxy and webserver (W3C extended log names)
  'c-uri': ['url.original', 'url.full'],
  'c-uri-query': ['url.query'],
  'c-uri-stem': ['url.path'],
  'c-uri-extension': ['url.extension'],
  'c-useragent': ['user_agent.original'],
  'cs-method': ['http.request.method'],
  'cs-host': ['url.domain'],
  'cs-referrer': ['http.request.referrer'],
  'cs-bytes': ['http.request.bytes'],
  'sc-bytes': ['http.response.bytes'],
  'sc-status': ['http.response.status_code'],
  'cs-version': ['http.version'],
  src_ip: ['source.ip'],
  dst_ip: ['destination.ip'],
};
const ECS_TO_SIGMA_ENTRIES = Object.entries(ECS_TO_SIGMA);

/** `ecs` holds ECS-named values: the record itself for ECS JSON, the parsed fields for OCSF. */
export function fillSigmaFromEcs(ecs: Record<string, string>, original: Record<string, string>): Record<string, string> {
  return fillSigmaInto(ecs, { ...original });
}

/** As fillSigmaFromEcs, into `out` itself: for a caller whose `out` is a copy of its own already (one copy per record fewer). */
export function fillSigmaInto(ecs: Readonly<Record<string, string>>, out: Record<string, string>): Record<string, string> {
  for (const [sigma, ecsNames] of ECS_TO_SIGMA_ENTRIES) {
    if (out[sigma] !== undefined) continue;
    const value = firstValue(ecs, ecsNames);
    if (value !== undefined) out[sigma] = value;
  }
  return out;
}
