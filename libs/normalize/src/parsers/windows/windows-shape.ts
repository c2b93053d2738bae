import { flatten } from '../../flatten';

/**
 * One Windows event, whatever shipper rendered it: the System header under the names Sigma rules
 * use (`EventID`, `Channel`, `Provider_Name`, `Computer`, `Security_UserID`, …) and the
 * EventData / UserData fields under their own names.
 */
export interface WindowsRecord {
  shape: 'evtx' | 'winlogbeat' | 'nxlog';
  system: Record<string, string>;
  data: Record<string, string>;
  /** The record's time as written (ISO from evtx/Winlogbeat, `YYYY-MM-DD hh:mm:ss` from NXLog). */
  time?: string;
  message?: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A scalar, or evtx_dump's `{"#text": …, "#attributes": …}` for an element with attributes
 * (`{"Value": …}` in renderers that name the text node).
 */
function text(value: unknown): string | undefined {
  if (isObject(value)) return text(value['#text'] ?? value['Value']);
  if (value === null || value === undefined || typeof value === 'object') return undefined;
  return String(value);
}

/**
 * An XML attribute as the evtx renderers write it: `Provider.#attributes.Name` (evtx_dump default),
 * `Provider_attributes.Name` (evtx_dump --separate-json-attributes), `Provider.@Name` (xmltodict).
 */
function attribute(system: Json, element: string, name: string): string | undefined {
  const separate = system[`${element}_attributes`];
  if (isObject(separate)) return text(separate[name]);
  const node = system[element];
  if (!isObject(node)) return undefined;
  const attrs = node['#attributes'];
  return text(isObject(attrs) ? attrs[name] : node[`@${name}`] ?? node[name]);
}

function put(target: Record<string, string>, key: string, value: string | undefined): void {
  if (value !== undefined && value !== '') target[key] = value;
}

/** EventData keeps empty values: a Sigma rule may test a field for ''. */
function putData(target: Record<string, string>, key: string, value: string | undefined): void {
  if (value !== undefined) target[key] = value;
}

/**
 * Unnamed `<Data>` elements (classic logs: Windows PowerShell 400/600/800, Application, MSExchange
 * Management) are one field `Data` for Sigma, each element on its own line: SigmaHQ rules test it
 * with `contains`/`re` only, and a SIEM's multi-valued `Data` matches when any element does.
 */
const UNNAMED_DATA_SEPARATOR = '\n';

/**
 * `<Data Name="X">v</Data>` lists (EventData.Data as an array) → `{X: v}`; unnamed ones also as
 * `Data_<i>`; evtx_dump's several unnamed elements (`"Data": {"#text": [...]}`) → `Data`; named
 * objects flatten as they are.
 */
function eventData(node: unknown): Record<string, string> {
  if (!isObject(node)) return {};
  const out: Record<string, string> = {};
  const { Data, ...named } = node;
  const unnamed: string[] = [];
  if (Array.isArray(Data)) {
    Data.forEach((item, i) => {
      const name = isObject(item) ? text(isObject(item['#attributes']) ? item['#attributes']['Name'] : item['@Name'] ?? item['Name']) : undefined;
      putData(out, name ?? `Data_${i}`, text(item));
      if (name === undefined) unnamed.push(text(item) ?? '');
    });
  } else if (isObject(Data) && Array.isArray(Data['#text'])) {
    for (const item of Data['#text']) unnamed.push(text(item) ?? '');
  } else if (Data !== undefined) putData(out, 'Data', text(Data));
  if (unnamed.length > 0) putData(out, 'Data', unnamed.join(UNNAMED_DATA_SEPARATOR));
  for (const [key, value] of Object.entries(named)) {
    if (key === '#attributes' || key === 'xmlns') continue;
    if (isObject(value) && value['#text'] === undefined) flatten(value, key, out);
    else putData(out, key, text(value) ?? (Array.isArray(value) ? value.map((v) => text(v) ?? '').join(',') : undefined));
  }
  return out;
}

/**
 * Winlogbeat names unnamed `<Data>` elements `param1`, `param2`, …: when those are all the event
 * data holds (classic logs), they are Sigma's `Data` too, as evtx_dump's are (see eventData).
 */
function putClassicData(data: Record<string, string>): void {
  const keys = Object.keys(data);
  if (data['Data'] !== undefined || keys.length === 0 || !keys.every((k) => /^param\d+$/.test(k))) return;
  keys.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  data['Data'] = keys.map((k) => data[k]).join(UNNAMED_DATA_SEPARATOR);
}

/** UserData holds one element named after the event (`LogFileCleared`, …); its children are the fields. */
function userData(node: unknown): Record<string, string> {
  if (!isObject(node)) return {};
  const out: Record<string, string> = {};
  for (const child of Object.values(node)) if (isObject(child)) Object.assign(out, eventData(child));
  return out;
}

function fromEvtx(event: Json): WindowsRecord {
  const system = isObject(event['System']) ? event['System'] : {};
  const header: Record<string, string> = {};
  put(header, 'EventID', text(system['EventID']));
  put(header, 'Channel', text(system['Channel']));
  put(header, 'Provider_Name', attribute(system, 'Provider', 'Name'));
  put(header, 'Computer', text(system['Computer']));
  put(header, 'Security_UserID', attribute(system, 'Security', 'UserID'));
  for (const key of ['EventRecordID', 'Version', 'Level', 'Task', 'Opcode', 'Keywords']) put(header, key, text(system[key]));
  put(header, 'Execution_ProcessID', attribute(system, 'Execution', 'ProcessID'));
  put(header, 'Execution_ThreadID', attribute(system, 'Execution', 'ThreadID'));
  const time = attribute(system, 'TimeCreated', 'SystemTime');
  put(header, 'TimeCreated_SystemTime', time);
  return { shape: 'evtx', system: header, data: { ...userData(event['UserData']), ...eventData(event['EventData']) }, time };
}

function fromWinlogbeat(record: Json, winlog: Json): WindowsRecord {
  const header: Record<string, string> = {};
  put(header, 'EventID', text(winlog['event_id']));
  put(header, 'Channel', text(winlog['channel']));
  put(header, 'Provider_Name', text(winlog['provider_name']));
  put(header, 'Computer', text(winlog['computer_name']));
  const user = isObject(winlog['user']) ? winlog['user'] : {};
  put(header, 'Security_UserID', text(user['identifier']));
  put(header, 'EventRecordID', text(winlog['record_id']));
  put(header, 'Task', text(winlog['task']));
  put(header, 'Opcode', text(winlog['opcode']));
  put(header, 'Keywords', Array.isArray(winlog['keywords']) ? winlog['keywords'].join(',') : text(winlog['keywords']));
  const processNode = isObject(winlog['process']) ? winlog['process'] : {};
  put(header, 'Execution_ProcessID', text(processNode['pid']));
  const data = { ...userData({ UserData: winlog['user_data'] }), ...eventData(winlog['event_data']) };
  putClassicData(data);
  return { shape: 'winlogbeat', system: header, data, time: text(record['@timestamp']), message: text(record['message']) };
}

/** NXLog im_msvistalog: System and EventData fields side by side at the top level. */
function fromNxlog(record: Json): WindowsRecord {
  const flat = flatten(record);
  const header: Record<string, string> = {};
  put(header, 'EventID', flat['EventID']);
  put(header, 'Channel', flat['Channel']);
  put(header, 'Provider_Name', flat['SourceName'] ?? flat['ProviderName']);
  put(header, 'Computer', flat['Hostname'] ?? flat['Computer']);
  put(header, 'Security_UserID', flat['UserID']);
  const time = flat['EventTime'] ?? flat['TimeCreated'] ?? flat['EventReceivedTime'];
  return { shape: 'nxlog', system: header, data: flat, time, message: flat['Message'] };
}

/** The Windows shape of a JSON object, or undefined when it is not a Windows event. */
export function windowsShape(record: Json): WindowsRecord | undefined {
  const event = isObject(record['Event']) ? record['Event'] : record;
  if (isObject(event['System']) && event['System']['EventID'] !== undefined) return fromEvtx(event);
  const winlog = record['winlog'];
  if (isObject(winlog) && winlog['event_id'] !== undefined) return fromWinlogbeat(record, winlog);
  const id = record['EventID'];
  if ((typeof id === 'number' || typeof id === 'string') && (typeof record['Channel'] === 'string' || typeof record['SourceName'] === 'string')) {
    return fromNxlog(record);
  }
  return undefined;
}
