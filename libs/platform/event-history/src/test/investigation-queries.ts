import { readFileSync } from 'node:fs';

/** One query of docs/investigations.md: `## \`slug\`: title`, a `Purpose:` line, a ```sql block. */
export interface InvestigationQuery {
  slug: string;
  title: string;
  purpose: string;
  sql: string;
}

const SECTION = /^## `([a-z0-9-]+)`: (.+)\n\nPurpose: (.+)\n\n```sql\n([\s\S]*?)\n```/gm;

export function readInvestigationQueries(path: string): InvestigationQuery[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(SECTION)].map(([, slug, title, purpose, sql]) => ({ slug, title, purpose, sql }));
}
