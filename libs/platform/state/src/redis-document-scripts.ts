import type { Result } from 'ioredis';

// The scripts take the time from the server (TIME), so every replica's documents and index entries
// expire by one clock. A script also reaches the index keys of a document's previous terms, which
// are not in KEYS (only the document knows them): they share the document's tenant hash tag, so
// they live in the same cluster slot, which is what Redis Cluster requires of a script.

const NOW = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;

const UNLIST_OLD_TERMS = `
local old = redis.call('HGET', KEYS[1], 'x')
if old then for _, suffix in ipairs(cjson.decode(old)) do redis.call('ZREM', indexBase .. suffix, member) end end
`;

/**
 * KEYS[1] document hash (v: JSON, n: version, x: JSON list of its index-key suffixes); KEYS[2..]
 * the sorted sets of its new index terms (member = document key, score = its expiry).
 * ARGV: ifVersion ('' for any), JSON, ttlMs, document key, index key base, max members per term,
 * new index-key suffixes as JSON. Replies {1, new version}, {0, current version} when stale, or
 * {-1, i} when the i-th new term is full; nothing is written unless it replies 1.
 */
export const PUT_SCRIPT = `
local current = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= current then return {0, current} end
${NOW}
local member, indexBase, max = ARGV[4], ARGV[5], tonumber(ARGV[6])
for i = 2, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if not redis.call('ZSCORE', KEYS[i], member) and redis.call('ZCARD', KEYS[i]) >= max then return {-1, i - 1} end
end
${UNLIST_OLD_TERMS}
local expiresAt = now + tonumber(ARGV[3])
for i = 2, #KEYS do
  redis.call('ZADD', KEYS[i], expiresAt, member)
  local last = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[i], last[2])
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'n', current + 1, 'x', ARGV[7])
redis.call('PEXPIREAT', KEYS[1], expiresAt)
return {1, current + 1}
`;

/** KEYS[1] document hash. ARGV: ifVersion ('' for any), document key, index key base. Replies {1, version deleted (0 if absent)} or {0, current version}. */
export const DELETE_SCRIPT = `
local current = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= current then return {0, current} end
if current == 0 then return {1, 0} end
local member, indexBase = ARGV[2], ARGV[3]
${UNLIST_OLD_TERMS}
redis.call('DEL', KEYS[1])
return {1, current}
`;

/** KEYS[1] index term sorted set. ARGV: document key base, limit. Replies key, JSON, version triples of live documents. */
export const LIST_SCRIPT = `
${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local listed = {}
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'LIMIT', 0, tonumber(ARGV[2]))) do
  local document = redis.call('HMGET', ARGV[1] .. member, 'v', 'n')
  if document[1] then
    table.insert(listed, member)
    table.insert(listed, document[1])
    table.insert(listed, document[2])
  end
end
return listed
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    quellDocumentPut(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Result<[number, number], Context>;
    quellDocumentDelete(documentKey: string, ifVersion: string, member: string, indexBase: string): Result<[number, number], Context>;
    quellDocumentList(indexKey: string, documentBase: string, limit: number): Result<string[], Context>;
  }
}
