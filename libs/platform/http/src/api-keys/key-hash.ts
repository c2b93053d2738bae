import { createHash } from 'node:crypto';

const HASHED = /^sha256:([0-9a-f]{64})$/i;

/** SHA-256 of a key: the only form in which a store holds it. */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** A key's configuration form `sha256:<hex>`, for operators who keep plaintext keys out of manifests. */
export function formatApiKeyHash(key: string): string {
  return `sha256:${hashApiKey(key).toString('hex')}`;
}

/**
 * The hash a configured credential stands for: `sha256:<64 hex>` is taken as a hash already,
 * anything else as a plaintext key and hashed here.
 */
export function credentialHash(credential: string): Buffer {
  const hashed = HASHED.exec(credential);
  return hashed ? Buffer.from(hashed[1], 'hex') : hashApiKey(credential);
}

/** Whether a credential looks like a hash but is not a valid one (`sha256:` with the wrong digits). */
export function isMalformedHash(credential: string): boolean {
  return /^sha256:/i.test(credential) && !HASHED.test(credential);
}
