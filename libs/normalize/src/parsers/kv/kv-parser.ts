import { ParseError, type ParseContext, type ParsedRecord, type Parser } from '../parsed-record';
import { auditConfigChange, isAuditRecord } from '../extractors/audit-config-change';
import { kvToEcs } from './kv-mapping';
import { splitKeyValues, type KvOptions } from './kv-splitter';
import { kvTime } from './kv-time';
import { priFields, readPri } from '../syslog/syslog-pri';
import { trimLineEnd } from '../text-edges';

/** A key=value parser with its own separators (e.g. `;` between pairs, `:` between key and value). */
export function createKvParser(options: KvOptions = {}): Parser {
  return (text: string, context: ParseContext): ParsedRecord => {
    // A bare `<PRI>` before the pairs (Fortinet) carries facility and severity.
    const { pri, rest } = readPri(trimLineEnd(text));
    const { pairs, stray } = splitKeyValues(rest, options);
    if (pairs.length === 0) throw new ParseError('key=value: no key=value pairs found');
    // The first value of each key, under its own name and lower-cased (once per record, for every reader).
    const original: Record<string, string> = {};
    const lower: Record<string, string> = {};
    for (const [key, value] of pairs) {
      if (!(key in original)) original[key] = value;
      const folded = key.toLowerCase();
      if (!(folded in lower)) lower[folded] = value;
    }
    const fields = Object.assign(priFields(pri), kvToEcs(lower));
    // audit.log read directly: the same classification as an audit record inside a syslog line.
    if (isAuditRecord(original)) Object.assign(fields, auditConfigChange(original));
    // A per-source mapping (source key → ECS field) wins over the common-key guesses.
    for (const [from, to] of Object.entries(context.fieldMapping ?? {})) if (original[from] !== undefined) fields[to] = original[from];
    const warnings = stray.length > 0 ? [`key=value: ignored text without a separator: ${stray.slice(0, 5).join(' ')}`] : [];
    const time = kvTime(lower, context.receivedAt);
    if (time !== undefined) fields['@timestamp'] = new Date(time).toISOString();
    return { format: 'kv', time, fields, original, warnings };
  };
}

/** key=value with whitespace between pairs, `=` between key and value, and `"`/`'` quoting. */
export const parseKv: Parser = createKvParser();
