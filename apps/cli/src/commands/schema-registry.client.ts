/** The calls `quell schemas register` makes to a Confluent Schema Registry (REST API v1). */
export class SchemaRegistryClient {
  private readonly base: string;
  private readonly auth?: string;

  /** `url` may carry `user:password@` (basic auth); fetch refuses credentials in the URL itself. */
  constructor(url: string) {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      this.auth = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`;
      parsed.username = '';
      parsed.password = '';
    }
    this.base = parsed.toString().replace(/\/+$/, '');
  }

  /** The schema text registered under `id`, or undefined when the registry has none. */
  async schemaById(id: number): Promise<string | undefined> {
    const answer = await this.call('GET', `/schemas/ids/${id}`, undefined, [404]);
    return answer === undefined ? undefined : (answer as { schema: string }).schema;
  }

  /** The subject's own mode, or undefined when it follows the global one. */
  async subjectMode(subject: string): Promise<string | undefined> {
    const answer = await this.call('GET', `/mode/${encodeURIComponent(subject)}`, undefined, [404]);
    return answer === undefined ? undefined : (answer as { mode: string }).mode;
  }

  /** IMPORT on a subject that already has versions needs force (the registry refuses otherwise). */
  async setSubjectMode(subject: string, mode: string): Promise<void> {
    await this.call('PUT', `/mode/${encodeURIComponent(subject)}?force=true`, { mode });
  }

  async clearSubjectMode(subject: string): Promise<void> {
    await this.call('DELETE', `/mode/${encodeURIComponent(subject)}`, undefined, [404]);
  }

  /** Registers `schema` as `version` of `subject` under exactly `id` (the subject must be in IMPORT mode). */
  async importVersion(subject: string, schema: string, id: number, version: number): Promise<void> {
    const answer = (await this.call('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema, schemaType: 'AVRO', id, version })) as { id?: number };
    if (answer.id !== id) throw new Error(`the registry answered id ${answer.id} for ${subject} v${version}, not ${id}`);
  }

  private async call(method: string, path: string, body?: unknown, absent: number[] = []): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
    if (body !== undefined) headers['content-type'] = 'application/vnd.schemaregistry.v1+json';
    if (this.auth) headers['authorization'] = this.auth;
    const response = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (absent.includes(response.status)) return undefined;
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as unknown) : {};
  }
}
