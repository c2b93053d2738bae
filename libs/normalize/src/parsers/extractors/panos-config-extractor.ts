import { isIP } from 'node:net';
import type { ExtractedFields } from './extracted-fields';

/**
 * A PAN-OS config log in PAN-OS's default syslog format: comma-separated values in the order of
 * "Config Log Fields" (PAN-OS 10.2 Administrator's Guide): FUTURE_USE, Receive Time, Serial
 * Number, Type (CONFIG), Subtype, FUTURE_USE, Generated Time, Host (the admin's client address),
 * Virtual System, Command (add, edit, delete, set, commit, …), Admin, Client (Web, CLI, API),
 * Result (Submitted, Succeeded, Failed), Configuration Path, then change details and the sequence
 * number. TRAFFIC, THREAT and SYSTEM lines of the same format are left alone here.
 */
const CONFIG_LINE = /^1,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2},[^,]*,CONFIG,/;

// Only the fixed leading columns are read; PAN-OS added columns at the end across releases.
const COLUMNS = ['future_use1', 'receive_time', 'serial', 'type', 'subtype', 'future_use2', 'time_generated', 'host', 'vsys', 'cmd', 'admin', 'client', 'result', 'path'];

const OUTCOMES: ReadonlyMap<string, string> = new Map([
  ['succeeded', 'success'],
  ['submitted', 'success'],
  ['failed', 'failure'],
]);

export function extractPanosConfig(message: string): ExtractedFields | undefined {
  if (!CONFIG_LINE.test(message)) return undefined;
  const values = splitCsv(message, COLUMNS.length);
  const original: Record<string, string> = {};
  COLUMNS.forEach((name, i) => {
    if (values[i] !== undefined && values[i] !== '' && !name.startsWith('future_use')) original[`panos.${name}`] = values[i];
  });
  const fields: Record<string, string> = {
    'event.category': 'configuration',
    'event.code': 'CONFIG',
    'observer.vendor': 'Palo Alto Networks',
    'observer.product': 'PAN-OS',
    'observer.type': 'firewall',
  };
  const get = (name: string): string | undefined => original[`panos.${name}`];
  if (get('cmd')) fields['event.action'] = get('cmd') as string;
  if (get('admin')) fields['user.name'] = get('admin') as string;
  if (get('serial')) fields['observer.serial_number'] = get('serial') as string;
  const host = get('host');
  if (host && isIP(host)) fields['source.ip'] = host;
  const outcome = OUTCOMES.get((get('result') ?? '').toLowerCase());
  if (outcome) fields['event.outcome'] = outcome;
  return { fields, original };
}

/** The first `count` values of a CSV line (PAN-OS quotes a value holding a comma, doubling inner quotes). */
function splitCsv(line: string, count: number): string[] {
  const values: string[] = [];
  let i = 0;
  while (values.length < count && i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      values.push(value);
      const comma = line.indexOf(',', i);
      i = comma === -1 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? line.length : comma;
      values.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return values;
}
