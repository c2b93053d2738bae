import { assertIdentifier, DEFAULT_DATABASE, fromDateTime64, insertJsonRows, selectRows, toDateTime64, type ClickHouseClient } from '@quell/platform-clickhouse';
import type { InboundRecord } from '@quell/platform-kafka';
import { deadLetterRowOf, type DeadLetterRow } from './dead-letter-row';
import { DEAD_LETTER_REPLAYS_TABLE, DEAD_LETTERS_TABLE } from './dead-letters.migrations';
import type { DeadLetterFilter, DeadLetterPage, DeadLetterStore, DeadLetterView, StoredDeadLetter } from './dead-letters.port';

export interface ClickHouseDeadLettersOptions {
  database?: string;
  /** Bytes of a value kept (beyond: its first part, not replayable); 1 MiB by default, Kafka's default record limit. */
  maxStoredBytes?: number;
}

type ListedRow = Omit<DeadLetterRow, 'value_base64' | 'dlq_partition' | 'dlq_offset' | 'stored_bytes'> & { replayed_at: string | null; replayed_by: string };

const LISTED = `l.id AS id, l.tenant AS tenant, reason, error_class, stage, consumer_group, attempts, origin_topic, origin_partition, origin_offset,
  failed_at, record_key, headers, size, preview, not_replayable, r.replayed_at AS replayed_at, r.replayed_by AS replayed_by`;

/**
 * The dead letters in ClickHouse (quell_dead_letters, 30 days), their replays beside them
 * (quell_dead_letter_replays). Writes are synchronous inserts (the consumer commits its offsets
 * after them); reads use FINAL, so a letter stored twice is listed once.
 */
export class ClickHouseDeadLetters implements DeadLetterStore {
  private readonly letters: string;
  private readonly replays: string;
  private readonly maxStoredBytes: number;
  /** The version of the last replay row written here: a failed publish's row must outrank its claim, even within a millisecond. */
  private lastReplayWrite = 0;

  constructor(
    private readonly client: ClickHouseClient,
    options: ClickHouseDeadLettersOptions = {},
  ) {
    const database = assertIdentifier(options.database ?? DEFAULT_DATABASE);
    this.letters = `${database}.${DEAD_LETTERS_TABLE}`;
    this.replays = `${database}.${DEAD_LETTER_REPLAYS_TABLE}`;
    this.maxStoredBytes = options.maxStoredBytes ?? 1024 * 1024;
  }

  async record(records: readonly InboundRecord<Buffer>[]): Promise<void> {
    if (records.length === 0) return;
    const values = records.map((record) => deadLetterRowOf(record, this.maxStoredBytes, toDateTime64));
    // async_insert off: a resolved insert is stored (chdb turns it on by default).
    await insertJsonRows(this.client, { table: this.letters, rows: values, settings: { async_insert: 0 } });
  }

  async list(filter: DeadLetterFilter): Promise<DeadLetterPage> {
    const where = ['1'];
    const params: Record<string, unknown> = { limit: filter.limit + 1 };
    if (filter.tenant !== undefined) {
      where.push('l.tenant = {tenant:String}');
      params.tenant = filter.tenant;
    }
    if (filter.stage) {
      where.push('stage = {stage:String}');
      params.stage = filter.stage;
    }
    if (filter.group) {
      where.push('consumer_group = {group:String}');
      params.group = filter.group;
    }
    if (filter.reason) {
      where.push('positionCaseInsensitiveUTF8(reason, {reason:String}) > 0');
      params.reason = filter.reason;
    }
    if (filter.from !== undefined) {
      where.push("failed_at >= {from:DateTime64(3, 'UTC')}");
      params.from = toDateTime64(filter.from);
    }
    if (filter.to !== undefined) {
      where.push("failed_at < {to:DateTime64(3, 'UTC')}");
      params.to = toDateTime64(filter.to);
    }
    const after = filter.cursor === undefined ? undefined : cursorOf(filter.cursor);
    if (after) {
      where.push("(failed_at, l.id) < ({cursorAt:DateTime64(3, 'UTC')}, {cursorId:String})");
      Object.assign(params, { cursorAt: toDateTime64(after.at), cursorId: after.id });
    }
    const rows = await this.select(`WHERE ${where.join(' AND ')} ORDER BY failed_at DESC, l.id DESC LIMIT {limit:UInt32}`, params);
    const items = rows.slice(0, filter.limit).map(viewOf);
    const last = rows.length > filter.limit ? rows[filter.limit - 1] : undefined;
    return { items, nextCursor: last ? Buffer.from(`${fromDateTime64(last.failed_at)}:${last.id}`).toString('base64url') : null };
  }

  async get(id: string, tenant: string | undefined): Promise<StoredDeadLetter | undefined> {
    const [row] = await this.select<{ value_base64: string }>(
      `WHERE l.id = {id:String}${tenant === undefined ? '' : ' AND l.tenant = {tenant:String}'} LIMIT 1`,
      { id, tenant },
      ', value_base64',
    );
    return row && { view: viewOf(row), value: Buffer.from(row.value_base64, 'base64') };
  }

  async markReplayed(letter: DeadLetterView, at: number | null, by: string): Promise<void> {
    this.lastReplayWrite = Math.max(Date.now(), this.lastReplayWrite + 1);
    const row = { id: letter.id, tenant: letter.tenant ?? '', replayed_at: at === null ? null : toDateTime64(at), replayed_by: by, at: toDateTime64(this.lastReplayWrite) };
    await insertJsonRows(this.client, { table: this.replays, rows: [row], settings: { async_insert: 0 } });
  }

  private select<Extra = object>(rest: string, params: Record<string, unknown>, extra = ''): Promise<(ListedRow & Extra)[]> {
    return selectRows<ListedRow & Extra>(
      this.client,
      `SELECT ${LISTED}${extra} FROM ${this.letters} AS l FINAL
       LEFT JOIN (SELECT id, replayed_at, replayed_by FROM ${this.replays} FINAL) AS r ON r.id = l.id
       ${rest}`,
      params,
    );
  }
}

/** A cursor is `<failed at ms>:<id>` in base64url; one that does not parse is a caller's error. */
function cursorOf(text: string): { at: number; id: string } {
  const match = /^(\d{1,15}):([0-9a-f]{24})$/.exec(Buffer.from(text, 'base64url').toString());
  if (!match) throw new InvalidCursorError();
  return { at: Number(match[1]), id: match[2] };
}

export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not one a page of dead letters gave');
  }
}

function viewOf(row: ListedRow): DeadLetterView {
  const replayedAt = row.replayed_at ? new Date(fromDateTime64(row.replayed_at)).toISOString() : null;
  return {
    id: row.id,
    tenant: row.tenant || null,
    reason: row.reason,
    errorClass: row.error_class,
    stage: row.stage || null,
    group: row.consumer_group || null,
    attempts: row.attempts,
    origin: row.origin_topic === null ? null : { topic: row.origin_topic, partition: row.origin_partition ?? 0, offset: row.origin_offset ?? '' },
    failedAt: new Date(fromDateTime64(row.failed_at)).toISOString(),
    key: row.record_key,
    size: row.size,
    preview: row.preview,
    headers: row.headers,
    replayable: replayedAt === null && row.not_replayable === null,
    notReplayable: row.not_replayable,
    replayedAt,
    replayedBy: replayedAt ? row.replayed_by : null,
  };
}
