import type { Change } from '@quell/contracts';
import { QuellApiClient } from '../api-client';

export { ApiRefusal, ApiUnavailable } from '../api-client';

export interface SavedChange {
  change: Change;
  overlaps: { changeIds: string[]; shared: string[] }[];
  warnings: { path: string; message: string }[];
}

export interface SearchPage {
  changes: Change[];
  nextCursor: string | null;
}

export interface ImportOutcome {
  dryRun: boolean;
  counts: { create: number; update: number; unchanged: number; errors: number };
  lines: string[];
  written: { changeId: string; ticketRef: string; version: number }[];
  plan: unknown;
}

/** The change-calendar HTTP API (/v1/changes) as the CLI calls it; the key goes only into the Authorization header. */
export class ChangeCalendarClient extends QuellApiClient {
  create(draft: unknown): Promise<SavedChange> {
    return this.call('POST', '/v1/changes', { json: draft }) as Promise<SavedChange>;
  }

  search(filters: Record<string, string>, cursor: string | null): Promise<SearchPage> {
    const query = new URLSearchParams(filters);
    if (cursor) query.set('cursor', cursor);
    const text = query.toString();
    return this.call('GET', `/v1/changes${text ? `?${text}` : ''}`) as Promise<SearchPage>;
  }

  get(id: string): Promise<Change> {
    return this.call('GET', `/v1/changes/${encodeURIComponent(id)}`) as Promise<Change>;
  }

  async versions(id: string): Promise<Change[]> {
    return ((await this.call('GET', `/v1/changes/${encodeURIComponent(id)}/versions`)) as { versions: Change[] }).versions;
  }

  decide(id: string, decision: 'approve' | 'reject', comment: string | null): Promise<Change> {
    return this.call('POST', `/v1/changes/${encodeURIComponent(id)}/${decision}`, { json: { comment } }) as Promise<Change>;
  }

  import(source: string, format: 'csv' | 'json', text: string, options: { dryRun: boolean; timeZone?: string }): Promise<ImportOutcome> {
    const query = new URLSearchParams({ source, format, dryRun: String(options.dryRun) });
    if (options.timeZone) query.set('timeZone', options.timeZone);
    const contentType = format === 'csv' ? 'text/csv' : 'application/json';
    return this.call('POST', `/v1/changes/import?${query}`, { raw: text, contentType }) as Promise<ImportOutcome>;
  }
}
