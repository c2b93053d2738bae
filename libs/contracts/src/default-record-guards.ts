import { Type, types } from 'avsc';

/**
 * avsc's record writer reads each field off the value without checking that the value is an
 * object, so a record whose fields all have defaults (Alert.suppression, Change.scope) is written
 * from a string or a number as a record of defaults, silently. Every other wrong value makes some
 * writer throw. These are the field paths to such records, from the root through records and
 * unions, for `writesSilentDefaults` to check on each encode; undefined when one sits where a path
 * cannot reach it (inside an array or a map, or a recursive type): that schema needs the full check.
 */
export function defaultOnlyRecordPaths(root: Type): string[][] | undefined {
  const paths: string[][] = [];
  let reachable = true;
  const visit = (type: Type, path: string[] | undefined, chain: readonly Type[], inUnion = false): void => {
    if (type instanceof types.RecordType) {
      if (chain.includes(type)) {
        reachable = false;
        return;
      }
      if (!inUnion && type.fields.every((field) => field.defaultValue() !== undefined)) {
        if (path) paths.push(path);
        else reachable = false;
      }
      for (const field of type.fields) visit(field.type, path && [...path, field.name], [...chain, type]);
    } else if (type instanceof types.ArrayType) {
      visit(type.itemsType, undefined, chain);
    } else if (type instanceof types.MapType) {
      visit(type.valuesType, undefined, chain);
    } else if (type instanceof types.UnwrappedUnionType) {
      // The union's writer already refuses a primitive for a record branch; its fields still need paths.
      for (const branch of type.types) visit(branch, path, chain, true);
    } else if (type instanceof types.WrappedUnionType) {
      for (const branch of type.types) visit(branch, undefined, chain);
    }
  };
  visit(root, [], []);
  return reachable ? paths : undefined;
}

/**
 * True when a value at one of `paths` is a primitive where a record of defaults is expected. A
 * missing parent, null, or undefined is left to the writer, which refuses or defaults it as the
 * full check would.
 */
export function writesSilentDefaults(value: unknown, paths: readonly string[][]): boolean {
  for (const path of paths) {
    let at: unknown = value;
    for (let i = 0; i < path.length && typeof at === 'object' && at !== null; i++) at = (at as Record<string, unknown>)[path[i]];
    if (at !== undefined && typeof at !== 'object') return true;
  }
  return false;
}
