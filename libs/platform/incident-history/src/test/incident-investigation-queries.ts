import { readFileSync } from 'node:fs';

/** One query of docs/investigations.md's alerts and incidents section. */
export interface IncidentInvestigationQuery {
  slug: string;
  purpose: string;
  sql: string;
}

// `### \`slug\`: title`, a `Purpose:` line, optional paragraphs, a ```sql block. Level-3 headings,
// so the event history's reader (level 2) leaves these to this lib's spec.
const SECTION = /^### `([a-z0-9-]+)`: .+\n\nPurpose: (.+)\n\n(?:[\s\S]*?\n\n)??```sql\n([\s\S]*?)\n```/gm;

export function readIncidentInvestigationQueries(path: string): IncidentInvestigationQuery[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(SECTION)].map(([, slug, purpose, sql]) => ({ slug, purpose, sql }));
}
