/** Where two values first differ, and how. */
export interface ValueDifference {
  /** e.g. `host.name`, `tags[2]`; empty for the value itself. */
  path: string;
  reason: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Buffer.isBuffer(value)) return `bytes(${value.length})`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    const name = proto === Object.prototype || proto === null ? 'object' : ((proto as { constructor?: { name?: string } }).constructor?.name ?? 'object');
    return `a ${name}`;
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${String(value)}`;
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/**
 * The first place where `actual` (what came back through the codec) is not `expected` (what the
 * producer handed over), comparing as a consumer would see them: same own keys (an undefined
 * field is not a missing one, nor null), same prototypes (a Date or a Map is not a plain
 * object), numbers with Object.is, bytes by content. Undefined when they are equal.
 */
export function firstDifference(expected: unknown, actual: unknown, path = ''): ValueDifference | undefined {
  if (Object.is(expected, actual)) return undefined;
  const differ = { path, reason: `${describe(expected)} comes back as ${describe(actual)}` };
  if (typeof expected !== 'object' || typeof actual !== 'object' || expected === null || actual === null) return differ;
  if (Buffer.isBuffer(expected) || Buffer.isBuffer(actual)) {
    return Buffer.isBuffer(expected) && Buffer.isBuffer(actual) && expected.equals(actual) ? undefined : differ;
  }
  if (Object.getPrototypeOf(expected) !== Object.getPrototypeOf(actual)) return differ;
  if (Array.isArray(expected)) {
    const list = actual as unknown[];
    if (expected.length !== list.length) return differ;
    for (let i = 0; i < expected.length; i += 1) {
      const inner = firstDifference(expected[i], list[i], `${path}[${i}]`);
      if (inner) return inner;
    }
    return undefined;
  }
  const a = expected as Record<string, unknown>;
  const b = actual as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    if (!Object.prototype.hasOwnProperty.call(b, key)) return { path: join(path, key), reason: `${describe(a[key])} is not in the schema: it is dropped` };
    const inner = firstDifference(a[key], b[key], join(path, key));
    if (inner) return inner;
  }
  for (const key of Object.keys(b)) {
    if (!Object.prototype.hasOwnProperty.call(a, key)) return { path: join(path, key), reason: `missing: it comes back as ${describe(b[key])}` };
  }
  return undefined;
}

/**
 * Freezes a value and everything it holds, so a consumer that writes into a record it was handed
 * (shared with every other consumer of the topic, and with its producer) throws at once. Bytes
 * cannot be frozen and are left as they are.
 */
export function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value) || ArrayBuffer.isView(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}
