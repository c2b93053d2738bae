/**
 * WARNING: the shard of a timer key; changing the function (or the shard count) strands every
 * pending timer where cancel and reschedule no longer look. FNV-1a over the key's UTF-8 bytes.
 */
export function timerShard(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}
