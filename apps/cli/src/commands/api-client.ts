import { fetchFailure } from './fetch-failure';

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

export interface RequestBody {
  json?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

type Problem = { status?: number; title?: string; detail?: string; errors?: { path?: string; message?: string }[] };

/** A Quell HTTP API as the CLI calls it; the key goes only into the Authorization header. */
export class QuellApiClient {
  private readonly base: string;

  constructor(
    url: string,
    private readonly apiKey: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  /** The parsed JSON answer; throws ApiRefusal (4xx) or ApiUnavailable (unreachable, 5xx). */
  protected async call(method: string, path: string, body: RequestBody = {}): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: 'application/json, application/problem+json', ...body.headers };
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
export function problemText(text: string, statusText: string): string {
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
