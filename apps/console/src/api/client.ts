import { goToLogin, session } from './session';

/** An API answer that was not 2xx, with the problem+json title or detail when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  /** The endpoint does not exist on this server (yet): the panel says so instead of failing. */
  get notAvailable(): boolean {
    return this.status === 404 || this.status === 405 || this.status === 501;
  }
}

interface Problem {
  title?: string;
  detail?: string;
  errors?: { path?: string; message?: string }[];
}

async function messageOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as Problem;
    const errors = problem.errors?.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
    return [problem.detail ?? problem.title, errors].filter(Boolean).join(' — ') || `HTTP ${res.status}`;
  } catch {
    return text.slice(0, 200) || `HTTP ${res.status}`;
  }
}

/** Same-origin call with the bearer key; a 401 signs out and goes to the login page. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const key = session.key();
  if (key) headers.set('Authorization', `Bearer ${key}`);
  if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  headers.set('accept', headers.get('accept') ?? 'application/json');
  const res = await fetch(apiUrl(path), { ...init, headers });
  if (res.status === 401) {
    goToLogin();
    throw new ApiError(401, 'Your API key or sign-in was not accepted (a sign-in expires); sign in again.');
  }
  if (!res.ok) throw new ApiError(res.status, await messageOf(res));
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await request(path)).json() as Promise<T>;
}

export async function postJson<T>(path: string, body: unknown, headers?: HeadersInit): Promise<T> {
  return (await request(path, { method: 'POST', body: JSON.stringify(body ?? {}), headers })).json() as Promise<T>;
}

/** API paths are absolute (`/v1/…`); the console may itself live under a prefix, the APIs do not. */
function apiUrl(path: string): string {
  return new URL(path, location.origin).toString();
}

export const query = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};
