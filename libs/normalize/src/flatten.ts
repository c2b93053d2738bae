/**
 * Flattens nested JSON into dotted keys with string values (the Event's `original` map). Plain
 * loops, not entries/every/map/forEach: it runs over every JSON record, several times for some.
 */
export function flatten(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    if (allScalars(value)) {
      if (prefix) out[prefix] = joinScalars(value);
      return out;
    }
    for (let i = 0; i < value.length; i++) flatten(value[i], prefix ? `${prefix}.${i}` : String(i), out);
    return out;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const k in record) {
      if (Object.hasOwn(record, k)) flatten(record[k], prefix ? `${prefix}.${k}` : k, out);
    }
    return out;
  }
  if (prefix) out[prefix] = String(value);
  return out;
}

function allScalars(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && typeof v === 'object') return false;
  }
  return true;
}

/** As `values.map(String).join(',')`: null and undefined are written 'null' and 'undefined', a hole as nothing. */
function joinScalars(values: readonly unknown[]): string {
  let text = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) text += ',';
    if (i in values) text += String(values[i]);
  }
  return text;
}
