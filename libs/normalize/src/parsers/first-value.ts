/** The first of `names` that `fields` carries with a non-empty value (no array built per lookup: it runs per alias per record). */
export function firstValue(fields: Readonly<Record<string, string>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = fields[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}
