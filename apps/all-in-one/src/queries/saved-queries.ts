import { readFileSync } from 'node:fs';

/** One saved query of docs/investigations.md, with the parameters its SQL takes. */
export interface SavedQuery {
  name: string;
  title: string;
  purpose: string;
  sql: string;
  /** `{name:Type}` placeholders a caller fills; `database` and `tenant` are the server's. */
  params: { name: string; type: string }[];
}

/** Set by the server, never by the caller: the database, and the tenant of the API key. */
export const SERVER_PARAMS = new Set(['database', 'tenant']);

// `## \`slug\`: title` (or `###`), a `Purpose:` line, optional paragraphs, a ```sql block: the shape
// the event-history and incident-history specs also read, so what they run is what this serves.
const SECTION = /^#{2,3} `([a-z0-9-]+)`: (.+)\n\nPurpose: (.+)\n\n(?:[\s\S]*?\n\n)??```sql\n([\s\S]*?)\n```/gm;
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*):([^}]+)\}/g;

export function readSavedQueries(path: string): Map<string, SavedQuery> {
  const text = readFileSync(path, 'utf8');
  return new Map(
    [...text.matchAll(SECTION)].map(([, name, title, purpose, sql]) => {
      const params = new Map<string, string>();
      for (const [, param, type] of sql.matchAll(PLACEHOLDER)) if (!SERVER_PARAMS.has(param)) params.set(param, type);
      return [name, { name, title, purpose, sql, params: [...params].map(([param, type]) => ({ name: param, type })) }];
    }),
  );
}
