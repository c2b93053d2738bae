import type { Change } from '@quell/contracts';
import { fetchFailure } from '../fetch-failure';

/** A refusal from the API (a 4xx problem+json), as one line a person reads. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRefusal';
  }
}

/** The server could not be reached, or failed (5xx). */
export class ApiUnavailable extends Error {}

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

type Problem = { status?: number; title?: string; detail?: string; errors?: { path?: string; message?: string }[] };

/** The change-calendar HTTP API (/v1/changes) as the CLI calls it; the key goes only into the Authorization header. */
export class ChangeCalendarClient {
  private readonly base: string;

  constructor(
    url: string,
    private readonly apiKey: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

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

  private async call(method: string, path: string, body: { json?: unknown; raw?: string; contentType?: string } = {}): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: 'application/json, application/problem+json' };
    let payload: string | undefined;
    if (body.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body.raw !== undefined) {
      headers['content-type'] = body.contentType ?? 'application/octet-stream';
      payload = body.raw;
    }
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, { method, headers, body: payload });
    } catch (error) {
      throw new ApiUnavailable(`${new URL(this.base).host}: ${fetchFailure(error)}`);
    }
    const text = await response.text();
    if (response.ok) return text ? (JSON.parse(text) as unknown) : {};
    const line = `${method} ${path.split('?')[0]}: ${response.status} ${problemText(text, response.statusText)}`;
    if (response.status >= 500) throw new ApiUnavailable(line);
    throw new ApiRefusal(response.status, line);
  }
}

/** The problem's detail, with each invalid field the detail does not already name. */
function problemText(text: string, statusText: string): string {
  let problem: Problem;
  try {
    problem = JSON.parse(text) as Problem;
  } catch {
    return (text.trim().split('\n')[0] || statusText).slice(0, 300);
  }
  const detail = problem.detail ?? problem.title ?? statusText;
  const fields = (problem.errors ?? []).map((e) => `${e.path}: ${e.message}`).filter((f) => !detail.includes(f));
  return [detail, ...fields].join('; ').replace(/\s*\n\s*/g, ' ');
}
