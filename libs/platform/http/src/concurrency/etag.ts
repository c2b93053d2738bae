import { problem } from '../problem/problem-details';

/**
 * Optimistic concurrency over HTTP: a resource's version travels as a strong ETag (`"7"`); a write
 * sends it back in If-Match and is refused when the stored version moved on meanwhile.
 */
export type Version = number | string;

/** The ETag of a version: `"<version>"` (versions are digits or safe tokens, never quotes). */
export function etagOf(version: Version): string {
  const text = String(version);
  if (!/^[\x21\x23-\x7e]+$/.test(text)) throw new Error(`version ${JSON.stringify(text)} cannot be an ETag`);
  return `"${text}"`;
}

/** An If-Match header: `*` (any current version) or the entity tags listed; undefined when absent or empty. */
export type IfMatch = { any: true } | { any: false; tags: string[] };

/**
 * Reads If-Match (RFC 9110 §13.1.1): `*` or a comma-separated list of entity tags. Weak tags
 * (`W/"…"`) are kept with their prefix so they never match: If-Match compares strongly.
 * A malformed header is a 400, not a silent mismatch.
 */
export function parseIfMatch(header: string | string[] | undefined): IfMatch | undefined {
  const text = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim();
  if (text === '') return undefined;
  if (text === '*') return { any: true };
  const tags = text.split(',').map((tag) => tag.trim()).filter(Boolean);
  const malformed = tags.find((tag) => !/^(W\/)?"[\x21\x23-\x7e]*"$/.test(tag));
  if (malformed !== undefined || tags.length === 0) throw problem(400, 'If-Match must be * or a list of quoted entity tags, e.g. If-Match: "7"');
  return { any: false, tags };
}

export interface IfMatchCheck {
  /** The version stored now; undefined when the resource does not exist. */
  current: Version | undefined;
  /** Whether this write must carry If-Match (428 without it). */
  required: boolean;
}

/**
 * Refuses a write whose If-Match does not name the stored version: 428 when the write requires the
 * header and it is absent, 409 (problem type stale-version, with the current ETag) when it names
 * another version, or `*` for a resource that does not exist.
 */
export function checkIfMatch(header: string | string[] | undefined, { current, required }: IfMatchCheck): void {
  const ifMatch = parseIfMatch(header);
  if (!ifMatch) {
    if (required) throw problem(428, 'this write needs If-Match with the ETag of the version it changes (read the resource first)', { type: 'urn:quell:problem:precondition-required' });
    return;
  }
  const currentTag = current === undefined ? undefined : etagOf(current);
  const matches = currentTag !== undefined && (ifMatch.any || ifMatch.tags.includes(currentTag));
  if (matches) return;
  throw problem(
    409,
    currentTag === undefined ? 'the resource does not exist (any more)' : mismatchDetail(ifMatch, currentTag),
    { type: 'urn:quell:problem:stale-version', extensions: currentTag === undefined ? {} : { currentEtag: currentTag } },
  );
}

/** Why If-Match did not match an existing resource: a stale version, or the current one's tag weakened on the way (`W/"7"`). */
function mismatchDetail(ifMatch: IfMatch, currentTag: string): string {
  const weakened = `W/${currentTag}`;
  if (!ifMatch.any && ifMatch.tags.includes(weakened)) {
    return `If-Match compares strong entity tags: ${weakened} is weak (a proxy may have weakened the ETag); send ${currentTag}`;
  }
  return `the resource changed meanwhile: its current version is ${currentTag}; read it again and retry`;
}
