import { Type, types } from 'avsc';

/**
 * Every place `value` breaks `type`, as `path: expected T, got U` (undeclared fields included),
 * never the value itself: it may hold secrets. Empty when the value is valid.
 */
export function encodeProblems(type: Type, value: unknown): string[] {
  const problems: string[] = [];
  type.isValid(value, {
    noUndeclaredFields: true,
    errorHook: (path: string[], val: unknown, at: Type) => problems.push(describeProblem(path, val, at)),
  });
  return problems;
}

function describeProblem(path: string[], val: unknown, type: Type): string {
  const where = path.length > 0 ? path.join('.') : '(root)';
  if (type instanceof types.RecordType && isObject(val)) {
    const declared = new Set(type.fields.map((field) => field.name));
    const undeclared = Object.keys(val).filter((key) => !declared.has(key));
    if (undeclared.length > 0) return `${where}: undeclared field(s) ${undeclared.join(', ')}`;
  }
  const got = val === undefined ? 'missing' : val === null ? 'null' : Array.isArray(val) ? 'array' : typeof val;
  return `${where}: expected ${describeType(type)}, got ${got}`;
}

function describeType(type: Type): string {
  if (type instanceof types.UnwrappedUnionType || type instanceof types.WrappedUnionType) {
    return type.types.map(describeType).join(' | ');
  }
  return type.name ?? type.typeName;
}

function isObject(val: unknown): val is Record<string, unknown> {
  return typeof val === 'object' && val !== null && !Array.isArray(val) && !Buffer.isBuffer(val);
}
