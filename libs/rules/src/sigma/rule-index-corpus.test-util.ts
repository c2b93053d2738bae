import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { Event, RawEvent } from '@quell/contracts';
import { splitConcatenatedJson } from '@quell/input-limits';
import { normalizeRecord } from '@quell/normalize';
import { CATEGORY_CLASSES } from './logsource-router';
import { loadSigmaRules } from './rule-loader';
import type { SigmaDetectionRule } from './sigma-rule';
import { WINDOWS_CATEGORY_SOURCES, WINDOWS_SERVICE_CHANNELS } from './windows-logsources';

/**
 * Test and benchmark material read in place from ../shared/corpora: every SigmaHQ detection rule,
 * the regression logs' events and the OTRF recording, normalized as `quell rules test` does.
 */
export const CORPORA = join(__dirname, '../../../../../shared/corpora');
const SIGMA = join(CORPORA, 'sigma');
const RULE_SETS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'];

function filesUnder(dir: string, suffix: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(path, suffix) : suffix.test(entry.name) ? [path] : [];
    })
    .sort();
}

/** Every detection rule of the SigmaHQ sets that loads, in file order. */
export function corpusDetectionRules(): SigmaDetectionRule[] {
  return RULE_SETS.flatMap((set) => filesUnder(join(SIGMA, set), /\.ya?ml$/)).flatMap((file) =>
    loadSigmaRules(readFileSync(file, 'utf8'), relative(SIGMA, file)).rules.filter((r): r is SigmaDetectionRule => r.kind === 'detection'),
  );
}

export function normalizedEvent(text: string, name: string): Event {
  const raw: RawEvent = {
    id: name,
    tenant: 'default',
    receivedAt: 0,
    source: { type: 'file', name, host: null },
    format: null,
    contentType: 'text/plain',
    payload: Buffer.from(text),
    attributes: {},
  };
  return normalizeRecord(raw, 0);
}

/** The events of every SigmaHQ regression log (evtx_dump JSON: objects one after another). */
export function regressionEvents(): Event[] {
  return filesUnder(join(SIGMA, 'regression'), /\.json$/).flatMap((file) =>
    splitConcatenatedJson(readFileSync(file, 'utf8')).map((text, i) => normalizedEvent(text, `${relative(SIGMA, file)}#${i + 1}`)),
  );
}

/** The 184 events of the OTRF LSASS-dump recording (NXLog JSON lines inside a one-file zip). */
export function otrfEvents(): Event[] {
  return otrfLines().map((line, i) => normalizedEvent(line, `otrf#${i + 1}`));
}

export function otrfLines(): string[] {
  const zip = readFileSync(join(CORPORA, 'otrf/psh_lsass_memory_dump_comsvcs.zip'));
  const central = zip.readUInt32LE(zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
  const method = zip.readUInt16LE(central + 10);
  const size = zip.readUInt32LE(central + 20);
  const local = zip.readUInt32LE(central + 42);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const body = zip.subarray(start, start + size);
  return (method === 0 ? body : inflateRawSync(body))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/**
 * One event per rule that holds, field by field, the first value each search of the rule names
 * (wildcards filled in, position modifiers honoured, case varied), from the rule's own log
 * source: events that come close to matching, where the index has to be right.
 */
export function eventsFromRuleValues(rules: readonly SigmaDetectionRule[]): Event[] {
  return rules.map((rule, i) => {
    const original: Record<string, string> = {};
    const keywords: string[] = [];
    const put = (key: string, raw: unknown) => {
      const [field, ...mods] = key.split('|');
      const first = Array.isArray(raw) ? raw[0] : raw;
      if (first === null || typeof first === 'object' || mods.some((m) => !['contains', 'startswith', 'endswith', 'all', 'windash', 'cased'].includes(m))) return;
      let text = String(first).replace(/(?<!\\)\*/g, 'Zz').replace(/(?<!\\)\?/g, 'Q').replace(/\\([*?\\])/g, '$1');
      if (i % 2 === 1) text = text.toUpperCase();
      if (mods.includes('contains')) text = `Ab ${text} Cd`;
      else if (mods.includes('startswith')) text = `${text}Xy`;
      else if (mods.includes('endswith')) text = `C:\\Pre${text}`;
      if (field === '') keywords.push(text);
      else original[field] = text;
    };
    const visit = (body: unknown) => {
      if (Array.isArray(body)) body.forEach((item) => (item !== null && typeof item === 'object' ? visit(item) : keywords.push(String(item))));
      else if (body !== null && typeof body === 'object') for (const [key, value] of Object.entries(body)) put(key, value);
      else if (typeof body === 'string' || typeof body === 'number') keywords.push(String(body));
    };
    for (const [name, body] of Object.entries(rule.detection)) if (name !== 'condition' && name !== 'timeframe') visit(body);
    return syntheticEvent(rule, original, keywords.join(' '), i);
  });
}

function syntheticEvent(rule: SigmaDetectionRule, fields: Record<string, string>, message: string, i: number): Event {
  const { product, category, service } = rule.logsource;
  const windowsSource = category ? WINDOWS_CATEGORY_SOURCES[category]?.[0] : undefined;
  const channel = product === 'windows' ? WINDOWS_SERVICE_CHANNELS[windowsSource?.service ?? service ?? '']?.[0] : undefined;
  const original = channel ? { Channel: channel, EventID: String(windowsSource?.eventIds[0] ?? fields['EventID'] ?? 1), ...windowsSource?.conditions, ...fields } : fields;
  const event = normalizedEvent(JSON.stringify({ message }), `synthetic#${i + 1}`);
  return {
    ...event,
    source: { type: channel ? 'file' : [product, service].filter(Boolean).join('-') || 'file', name: 'synthetic' },
    className: (category && CATEGORY_CLASSES[category]?.[0]) || event.className,
    original: { ...original },
    message: message || null,
  };
}
