import type { DocumentRef, DocumentWrite, IndexTerms } from './document-store.port';
import { MAX_LIST_LIMIT } from './document-store.port';

/** A document whose JSON exceeds the store's limit. Not retriable: the same write fails again. */
export class DocumentTooLargeError extends Error {
  readonly retriable = false;

  constructor(ref: DocumentRef, bytes: number, limit: number) {
    super(`document ${ref.key} of tenant ${ref.tenant} is ${bytes} bytes of JSON, over the ${limit}-byte limit`);
    this.name = 'DocumentTooLargeError';
  }
}

const INDEX_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

export function checkRef(ref: DocumentRef): void {
  if (typeof ref.tenant !== 'string' || ref.tenant.length === 0) throw new TypeError('a document needs a non-empty tenant');
  if (typeof ref.key !== 'string' || ref.key.length === 0) throw new TypeError(`a document of tenant ${ref.tenant} needs a non-empty key`);
}

export function checkIndexName(index: string): void {
  if (!INDEX_NAME.test(index)) throw new TypeError(`index name "${index}" must be lower-case letters, digits, - or _, starting with a letter`);
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit <= 0 || limit > MAX_LIST_LIMIT) throw new RangeError(`limit must be a whole number from 1 to ${MAX_LIST_LIMIT}, got ${limit}`);
}

function checkVersion(version: number | undefined): void {
  if (version !== undefined && (!Number.isInteger(version) || version < 0)) throw new RangeError(`ifVersion must be a whole number ≥ 0, got ${version}`);
}

/** A write, checked and with its value serialized; every adapter refuses the same writes the same way. */
export interface PreparedWrite {
  ref: DocumentRef;
  json: string;
  ttlMs: number;
  ifVersion: number | undefined;
  /** `[index, term]` pairs, without duplicates. */
  terms: [string, string][];
}

export function prepareWrite(write: DocumentWrite, maxDocumentBytes: number): PreparedWrite {
  const { ref, value, options } = write;
  checkRef(ref);
  checkVersion(options.ifVersion);
  if (!Number.isInteger(options.ttlMs) || options.ttlMs <= 0) throw new RangeError(`ttlMs must be a positive whole number of milliseconds, got ${options.ttlMs}`);
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError(`document ${ref.key} of tenant ${ref.tenant} is not a JSON value`);
  const bytes = Buffer.byteLength(json);
  if (bytes > maxDocumentBytes) throw new DocumentTooLargeError(ref, bytes, maxDocumentBytes);
  return { ref, json, ttlMs: options.ttlMs, ifVersion: options.ifVersion, terms: termPairs(options.index) };
}

function termPairs(index: IndexTerms | undefined): [string, string][] {
  const pairs = new Map<string, [string, string]>();
  for (const [name, terms] of Object.entries(index ?? {})) {
    checkIndexName(name);
    for (const term of terms) {
      if (typeof term !== 'string' || term.length === 0) throw new TypeError(`index ${name} has an empty term`);
      pairs.set(indexTermId(name, term), [name, term]);
    }
  }
  return [...pairs.values()];
}

export function checkDeleteVersion(ifVersion: number | undefined): void {
  checkVersion(ifVersion);
}

/** One key for an index name and a term: index names cannot hold NUL (checkIndexName), so it separates them. */
export function indexTermId(index: string, term: string): string {
  return `${index}\u0000${term}`;
}

/** The index name and term of an indexTermId. */
export function indexTermOf(id: string): [string, string] {
  const split = id.indexOf('\u0000');
  return [id.slice(0, split), id.slice(split + 1)];
}
