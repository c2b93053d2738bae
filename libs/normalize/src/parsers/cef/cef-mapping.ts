/** CEF full key names (spec "Extension Dictionary") → the short names the mapping below uses. */
export const CEF_FULL_NAMES: Record<string, string> = {
  sourceAddress: 'src',
  destinationAddress: 'dst',
  sourcePort: 'spt',
  destinationPort: 'dpt',
  sourceUserName: 'suser',
  destinationUserName: 'duser',
  sourceHostName: 'shost',
  destinationHostName: 'dhost',
  deviceAction: 'act',
  eventOutcome: 'outcome',
  receiptTime: 'rt',
  message: 'msg',
  transportProtocol: 'proto',
  deviceHostName: 'dvchost',
  deviceAddress: 'dvc',
  sourceProcessName: 'sproc',
  destinationProcessName: 'dproc',
  sourceProcessId: 'spid',
  destinationProcessId: 'dpid',
  sourceNtDomain: 'sntdom',
  destinationNtDomain: 'dntdom',
  fileName: 'fname',
  filePath: 'filePath',
  requestUrl: 'request',
  deviceEventCategory: 'cat',
};

/** Short CEF key → ECS field (after Elastic's decode_cef where they agree). */
export const CEF_TO_ECS: Record<string, string> = {
  src: 'source.ip',
  dst: 'destination.ip',
  spt: 'source.port',
  dpt: 'destination.port',
  suser: 'source.user.name',
  duser: 'destination.user.name',
  shost: 'source.domain',
  dhost: 'destination.domain',
  act: 'event.action',
  msg: 'message',
  dvchost: 'observer.hostname',
  dvc: 'observer.ip',
  sproc: 'process.parent.name',
  dproc: 'process.name',
  dpid: 'process.pid',
  spid: 'process.parent.pid',
  fname: 'file.name',
  request: 'url.original',
  requestMethod: 'http.request.method',
  sntdom: 'source.user.domain',
  dntdom: 'destination.user.domain',
  app: 'network.protocol',
  filePath: 'file.path',
  requestClientApplication: 'user_agent.original',
};

/** CEF `deviceDirection`: 0 inbound, 1 outbound (spec "Extension Dictionary"). */
export function cefDirection(value: string): string | undefined {
  return value.trim() === '0' ? 'inbound' : value.trim() === '1' ? 'outbound' : undefined;
}

const HASH_LENGTHS: Record<number, string> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

/** CEF `fileHash` names no algorithm; a hex digest's length does. */
export function cefFileHash(value: string): [string, string] | undefined {
  const digest = value.trim().toLowerCase();
  const algorithm = /^[0-9a-f]+$/.test(digest) ? HASH_LENGTHS[digest.length] : undefined;
  return algorithm ? [`file.hash.${algorithm}`, digest] : undefined;
}

/** CEF severity: 0–10, or the words the spec allows. */
export function cefSeverity(value: string): string | undefined {
  if (/^\d+$/.test(value)) return String(Math.min(10, Number(value)));
  const words: Record<string, string> = { unknown: '0', low: '3', medium: '6', high: '8', 'very-high': '10' };
  return words[value.trim().toLowerCase()];
}

/** `outcome` values vary by vendor; only the clear ones become ECS success/failure. */
export function cefOutcome(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (/^(success|succeeded|successful|allow(ed)?|accept(ed)?|pass(ed)?|ok)$/.test(v)) return 'success';
  if (/^(fail|failed|failure|deny|denied|block(ed)?|drop(ped)?|reject(ed)?)$/.test(v)) return 'failure';
  return undefined;
}

const PROTOCOLS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'ipv6-icmp' };

/** Transport protocol by name or IANA number, as ECS `network.transport` (lowercase). */
export function transport(value: string): string {
  const v = value.trim().toLowerCase();
  return PROTOCOLS[v] ?? v;
}
