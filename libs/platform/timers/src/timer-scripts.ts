/**
 * Lua scripts of the Redis timer store. Each touches the keys of one shard only, which share a
 * hash tag, so it runs atomically on a standalone server and on a cluster alike.
 *
 * Shard keys (KEYS order where a script takes them): due (zset key → due ms), lease (zset key →
 * lease deadline ms), entries (hash key → JSON entry), tenants (hash tenant → timers held), seq
 * (counter that makes each scheduling's fireId unique). Times come from the server's TIME.
 */

const NOW = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function ms(n) return string.format('%d', n) end
local function uncount(tenants, tenant)
  if redis.call('HINCRBY', tenants, tenant, -1) <= 0 then redis.call('HDEL', tenants, tenant) end
end
-- ms from now until the earliest timer of the due and lease sets is claimable (0 when one is), or ''.
local function nextClaimableIn(due, lease, now)
  local nextAt = nil
  for _, zset in ipairs({ due, lease }) do
    local head = redis.call('ZRANGE', zset, 0, 0, 'WITHSCORES')
    if head[2] and (nextAt == nil or tonumber(head[2]) < nextAt) then nextAt = tonumber(head[2]) end
  end
  if nextAt then return ms(math.max(0, nextAt - now)) end
  return ''
end
`;

/** ARGV: key, dueAt, kind, payload, tenant, cap per tenant in this shard. Replies the fireId, or '' over the cap. */
export const SCHEDULE_SCRIPT = `${NOW}
local key, tenant, cap = ARGV[1], ARGV[5], tonumber(ARGV[6])
local old = redis.call('HGET', KEYS[3], key)
local oldTenant = old and cjson.decode(old).tenant
if oldTenant ~= tenant then
  if tonumber(redis.call('HGET', KEYS[4], tenant) or '0') >= cap then return '' end
  if oldTenant then uncount(KEYS[4], oldTenant) end
  redis.call('HINCRBY', KEYS[4], tenant, 1)
end
local fireId = key .. '#' .. redis.call('INCR', KEYS[5])
local entry = cjson.encode({ key = key, dueAt = ARGV[2], kind = ARGV[3], payload = ARGV[4], tenant = tenant, fireId = fireId, fires = 0 })
redis.call('HSET', KEYS[3], key, entry)
redis.call('ZREM', KEYS[2], key)
redis.call('ZADD', KEYS[1], ARGV[2], key)
return fireId
`;

/** KEYS: due, lease, entries, tenants. ARGV: key. Replies 1 when a timer was removed. */
export const CANCEL_SCRIPT = `${NOW}
local old = redis.call('HGET', KEYS[3], ARGV[1])
if not old then return 0 end
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
uncount(KEYS[4], cjson.decode(old).tenant)
return 1
`;

/** KEYS: due, lease, entries, tenants. ARGV: key, fireId. Replies 1 when this fire was still the key's timer. */
export const ACK_SCRIPT = `${NOW}
local old = redis.call('HGET', KEYS[3], ARGV[1])
if not old then return 0 end
local entry = cjson.decode(old)
if entry.fireId ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
uncount(KEYS[4], entry.tenant)
return 1
`;

/** KEYS: due, lease, entries. ARGV: key, fireId, delay ms. Replies 1 when this fire was pending again. */
export const RELEASE_SCRIPT = `${NOW}
local old = redis.call('HGET', KEYS[3], ARGV[1])
if not old or cjson.decode(old).fireId ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[1], ms(nowMs() + tonumber(ARGV[3])), ARGV[1])
return 1
`;

/**
 * KEYS: due, lease, entries. ARGV: lease ms, limit. Hands out timers whose lease ran out (they
 * are the oldest) and then due ones, each leased until now + lease ms. Replies
 * { ms until the next claimable timer or '', entry JSON... }.
 */
export const CLAIM_SCRIPT = `${NOW}
local now = nowMs()
local deadline = ms(now + tonumber(ARGV[1]))
local limit = tonumber(ARGV[2])
local out = { '' }
local function take(zset)
  local room = limit - (#out - 1)
  if room <= 0 then return end
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', zset, '-inf', ms(now), 'LIMIT', 0, room)) do
    local raw = redis.call('HGET', KEYS[3], key)
    if raw then
      local entry = cjson.decode(raw)
      entry.fires = entry.fires + 1
      raw = cjson.encode(entry)
      redis.call('HSET', KEYS[3], key, raw)
      redis.call('ZREM', KEYS[1], key)
      redis.call('ZADD', KEYS[2], deadline, key)
      out[#out + 1] = raw
    else
      redis.call('ZREM', zset, key)
    end
  end
end
take(KEYS[2])
take(KEYS[1])
out[1] = nextClaimableIn(KEYS[1], KEYS[2], now)
return out
`;

/**
 * KEYS: due, lease. Read-only: replies the ms until the shard's earliest timer is claimable (0
 * when one is now), or '' when the shard holds none. A claim asks every shard this first, in one
 * round trip, and runs the claim script only on the shards that have something to hand out.
 */
export const PEEK_SCRIPT = `${NOW}
return nextClaimableIn(KEYS[1], KEYS[2], nowMs())
`;
