// The benchmark's traffic: real log lines (the normalize fixtures, the SigmaHQ regression logs and
// the OTRF recording, read in place) turned into templates whose host and timestamp are filled in
// per event, so every event is current and the alert-raising ones each open their own incident.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RawEvent } from '@quell/contracts';
import { splitConcatenatedJson } from '@quell/input-limits';
import { normalizeRecord } from '@quell/normalize';
import { otrfLines } from '../../../libs/rules/src/sigma/rule-index-corpus.test-util';
import { REPO_ROOT, SIGMA_DIR } from './bench-paths';

/** How a batch of lines reaches ingest: NDJSON, or text lines of one declared format. */
export type Channel = 'json' | 'syslog3164' | 'cef' | 'kv';
export type TrafficKind = 'windows' | 'linux' | 'firewall' | 'ecs';
type Slot = 'host' | 'iso' | 'otrf' | 'bsd';

export interface Template {
  kind: TrafficKind;
  channel: Channel;
  origin: string;
  /** Text between slots; `slots[i]` goes between `pieces[i]` and `pieces[i + 1]`. */
  pieces: string[];
  slots: Slot[];
}

/** Share of each kind in the quiet traffic: what a mid-size Windows-heavy estate sends. */
export const KIND_WEIGHTS: Record<TrafficKind, number> = { windows: 0.4, linux: 0.25, firewall: 0.25, ecs: 0.1 };

const SENTINEL = /@@(host|iso|otrf|bsd)@@/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function templateOf(kind: TrafficKind, channel: Channel, origin: string, marked: string): Template {
  const parts = marked.split(SENTINEL);
  return { kind, channel, origin, pieces: parts.filter((_, i) => i % 2 === 0), slots: parts.filter((_, i) => i % 2 === 1) as Slot[] };
}

/** The time in each slot's format; host as given. */
export function render(template: Template, host: string, now: Date): string {
  const { pieces, slots } = template;
  let text = pieces[0];
  for (let i = 0; i < slots.length; i++) text += slotValue(slots[i], host, now) + pieces[i + 1];
  return text;
}

function slotValue(slot: Slot, host: string, now: Date): string {
  if (slot === 'host') return host;
  const iso = now.toISOString();
  if (slot === 'iso') return iso;
  if (slot === 'otrf') return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  const day = String(now.getUTCDate()).padStart(2, ' ');
  return `${MONTHS[now.getUTCMonth()]} ${day} ${iso.slice(11, 19)}`;
}

function fixtureInputs(path: string): { origin: string; input: string }[] {
  return readFileSync(join(REPO_ROOT, 'libs/normalize/fixtures', path), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { input: string; expectError?: unknown })
    .filter((fixture) => fixture.expectError === undefined)
    .map((fixture, i) => ({ origin: `${path}#${i + 1}`, input: fixture.input }));
}

/** A BSD syslog line with its timestamp and host marked, or unchanged when it has no such header. */
function markSyslog(line: string): string {
  return line
    .replace(/^(<\d{1,3}>)?[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (\S+) /, (_, pri: string | undefined) => `${pri ?? ''}@@bsd@@ @@host@@ `)
    .replace(/^(<\d{1,3}>\d )?\d{4}-\d\d-\d\dT\S+ (\S+) /, (_, head: string | undefined) => `${head ?? ''}@@iso@@ @@host@@ `);
}

/** A line with a host to fill in: the syslog header's, else the record's own host key, else one appended (so each event can be told apart). */
function markHostKey(line: string, keys: RegExp, appended: string): string {
  const marked = markSyslog(line);
  if (marked.includes('@@host@@')) return marked;
  const replaced = marked.replace(keys, (_, key: string, quote: string) => `${key}=${quote}@@host@@${quote}`);
  return replaced.includes('@@host@@') ? replaced : `${marked.trimEnd()} ${appended}=@@host@@`;
}

const markCef = (line: string) => markHostKey(line, /\b(dvchost)=(")?(?:[^"\s]*)"?/, 'dvchost');
const markKv = (line: string) => markHostKey(line, /\b(devname|hostname|host)=(")?(?:[^"\s]*)"?/, 'hostname');

type JsonObject = Record<string, unknown>;

function setPath(object: JsonObject, path: string[], value: string): boolean {
  let at: JsonObject = object;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (next === null || typeof next !== 'object') return false;
    at = next as JsonObject;
  }
  if (!(path[path.length - 1] in at)) return false;
  at[path[path.length - 1]] = value;
  return true;
}

/** A JSON event with its host and time fields (whichever shape it has) marked. */
function markJson(input: string): string {
  const object = JSON.parse(input) as JsonObject;
  setPath(object, ['Event', 'System', 'Computer'], '@@host@@');
  setPath(object, ['Event', 'System', 'TimeCreated', '#attributes', 'SystemTime'], '@@iso@@');
  setPath(object, ['Hostname'], '@@host@@');
  setPath(object, ['TimeCreated'], '@@otrf@@');
  setPath(object, ['EventTime'], '@@otrf@@');
  setPath(object, ['host', 'name'], '@@host@@');
  setPath(object, ['@timestamp'], '@@iso@@');
  const marked = JSON.stringify(object);
  if (marked.includes('@@host@@')) return marked;
  // A shipper adds the host it runs on (Beats' host.name) when the event names none.
  const host = object['host'];
  object['host'] = { ...(host !== null && typeof host === 'object' ? host : {}), name: '@@host@@' };
  return JSON.stringify(object);
}

function filesUnder(dir: string, suffix: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name), suffix) : suffix.test(entry.name) ? [join(dir, entry.name)] : []))
    .sort();
}

/** Every template (before the check that the normalizer reads it); which ones raise alerts depends on the rules loaded. */
function candidates(): Template[] {
  const json = (kind: TrafficKind, path: string) => fixtureInputs(path).map(({ origin, input }) => templateOf(kind, 'json', origin, markJson(input)));
  const mark = { json: markSyslog, syslog3164: markSyslog, cef: markCef, kv: markKv };
  const text = (kind: TrafficKind, channel: Channel, path: string) =>
    fixtureInputs(path).map(({ origin, input }) => templateOf(kind, channel, origin, mark[channel](input)));
  return [
    ...filesUnder(join(SIGMA_DIR, 'regression'), /\.json$/).flatMap((file) =>
      splitConcatenatedJson(readFileSync(file, 'utf8')).map((text, i) => templateOf('windows', 'json', `${relative(SIGMA_DIR, file)}#${i + 1}`, markJson(text))),
    ),
    ...otrfLines().map((line, i) => templateOf('windows', 'json', `otrf#${i + 1}`, markJson(line))),
    ...json('windows', 'windows/winlogbeat.jsonl'),
    ...text('linux', 'syslog3164', 'sshd/loghub-ssh-2k.jsonl'),
    ...text('linux', 'syslog3164', 'sshd/beats-secure-rhel7.jsonl'),
    ...text('linux', 'syslog3164', 'sshd/beats-system-auth.jsonl'),
    ...text('linux', 'syslog3164', 'sudo/beats-system-auth.jsonl'),
    ...text('linux', 'syslog3164', 'sudo/forum-samples.jsonl'),
    ...text('firewall', 'syslog3164', 'firewall/public-samples.jsonl'),
    ...text('firewall', 'syslog3164', 'firewall/beats-iptables.jsonl'),
    ...text('firewall', 'cef', 'cef/public-samples.jsonl'),
    ...text('firewall', 'cef', 'cef/beats-cef-test.jsonl'),
    ...text('firewall', 'kv', 'kv/public-samples.jsonl'),
    ...text('firewall', 'kv', 'kv/beats-fortinet-traffic.jsonl'),
    ...text('firewall', 'kv', 'kv/beats-fortinet-event.jsonl'),
    ...json('ecs', 'ecs/ecs-field-examples.jsonl'),
  ];
}

/** One line of `channel` as ingest hands it to the normalizer. */
export function rawEventOf(channel: Channel, text: string): RawEvent {
  return {
    id: '0190a000-0000-7000-8000-000000000000',
    tenant: 'bench',
    receivedAt: Date.now(),
    source: { type: 'http', name: 'bench', host: null },
    format: channel,
    contentType: channel === 'json' ? 'application/json' : 'text/plain',
    payload: Buffer.from(text),
    attributes: {},
  };
}

/** Whether the normalizer reads the template as ingest would declare it (a refused one would only measure the dead-letter path). */
export function normalizes(template: Template): boolean {
  const text = render(template, 'bench-host', new Date());
  // Ingest cuts text bodies at line ends: a record with one inside is two records there.
  if (template.channel !== 'json' && /[\r\n]/.test(text)) return false;
  try {
    normalizeRecord(rawEventOf(template.channel, text), Date.now());
    return true;
  } catch {
    return false;
  }
}

/** Every template the normalizer reads. */
export function allTemplates(): Template[] {
  return candidates().filter(normalizes);
}
