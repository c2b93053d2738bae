import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiUnavailable } from '../api-client';
import { apiKeyOf, DEFAULT_SERVER_URL, UnreadableInput, UsageError, type ApiIo } from '../api-options';
import { CLI_FORMATS, type Output } from '../../normalize-command';
import { HttpTarget } from './http-target';
import { parseKafkaTarget, KafkaTarget, DEFAULT_INGEST_TOPIC } from './kafka-target';
import { progressBar, ProgressLine } from './progress-line';
import { replayLines } from './replay-lines';
import { pumpLines, type PumpOptions } from './replay-pump';
import { ReplayTally, summaryLines, type ReplaySummary } from './replay-tally';
import type { ReplayLabels, ReplayTarget } from './replay-target';
import { SYSTEM_CLOCK, type Clock } from './token-bucket';

export const REPLAY_USAGE = `usage: quell replay <file|-> [--target URL] [--rate N] [--tenant T] [--format F] [--source S] [--batch N] [--json]
  Sends a file of raw events (NDJSON, or text lines with --format), as ingest accepts them, to Quell;
  - reads standard input. The file streams through: any size is fine.
  --target  http(s)://host:port  the ingest HTTP API (POST /v1/events) with the key in QUELL_API_KEY
                                 or --api-key-file <file|->; a 429 or 503 with Retry-After is waited out
                                 and the batch resent with the same Idempotency-Key
            kafka://broker:port[,broker:port][/topic]  produced to the topic (default ${DEFAULT_INGEST_TOPIC}),
                                 as a log shipper does; ingest parses later, bad lines go to dead letters
            (default: $QUELL_URL, else the all-in-one at ${DEFAULT_SERVER_URL})
  --rate    events per second at most (default: as fast as the target takes them)
  --tenant  the tenant expected (HTTP: the key's tenant must be this one, else 403; Kafka: the
            quell.tenant header)
  --format  ${CLI_FORMATS.join(', ')}: the lines are text records of this format
            (default: each line is one JSON object)
  --source  source name put on the events over HTTP (default: the file name, or stdin; over Kafka the
            source is the topic)
  --batch   events per request or produce (default 1000)
  --json    prints the summary as one JSON object:
            {target, sent, accepted, rejected, reasons: [{reason, count, firstLine}], retries, elapsedMs, eventsPerSec, error?}
  A progress line is drawn on standard error when it is a terminal.
  exit codes: 0 every event accepted, 2 some rejected (reasons in the summary), 1 usage error, unreadable
  file, or a target that cannot be reached or refuses the requests (401, 403, 413)`;

const MAX_BATCH_BYTES = 1024 * 1024;

/** What `quell replay` takes from the process beyond lines in and out; each has a default. */
export interface ReplayStreams {
  /** Pacing and Retry-After waits (a spec's clock advances without waiting). */
  sleep?(ms: number): Promise<void>;
  /** What `-` reads (default: the process's standard input). */
  stdin?: AsyncIterable<Buffer | string>;
  /** Where the progress line goes: standard error when it is a terminal, else nowhere. */
  progress?: { write(text: string): unknown; columns?: number };
}

export interface ReplayIo extends Output, ApiIo, ReplayStreams {
  now(): number;
}

/** Runs `quell replay …`; returns the exit code. */
export async function runReplayCommand(args: string[], io: ReplayIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(REPLAY_USAGE);
    return 0;
  }
  let target: ReplayTarget | undefined;
  let input: Input | undefined;
  const clock: Clock = { now: () => io.now(), sleep: io.sleep ?? SYSTEM_CLOCK.sleep };
  const tally = new ReplayTally();
  try {
    const { values, positionals } = parseReplayArgs(args);
    if (positionals.length !== 1) throw new UsageError('exactly one input is required: a file, or - for standard input');
    const options = optionsOf(values);
    input = await openInput(positionals[0], io);
    const labels: ReplayLabels = { format: options.format, tenant: values.tenant, source: values.source ?? input.name, onRetry: () => (tally.retries += 1) };
    target = await targetOf(options.target, values, labels, io, clock);
    const summary = await replay(input, target, { batchSize: options.batch, maxBatchBytes: MAX_BATCH_BYTES, rate: options.rate, clock, tally }, io);
    return report(summary, values.json === true, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`quell: ${error.message}`);
    if (!(error instanceof UnreadableInput)) io.err(REPLAY_USAGE);
    return 1;
  } finally {
    await target?.close().catch(() => undefined);
    await input?.close();
  }
}

/** Sends the input to the target with a progress line on a terminal; a target or input failure ends it early, in the summary's error. */
async function replay(input: Input, target: ReplayTarget, options: Omit<PumpOptions, 'onBatch'>, io: ReplayIo): Promise<ReplaySummary> {
  const { clock, tally } = options;
  const startedAt = clock.now();
  const progress = io.progress ?? (process.stderr.isTTY ? process.stderr : undefined);
  const line = progress && new ProgressLine(progress, () => io.now());
  const draw = () => line?.update(`${progressBar(input.bytesRead(), input.size)}${tally.accepted} accepted, ${tally.rejected} rejected, ${rateOf(tally.accepted, clock.now() - startedAt)} events/s`);
  let error: string | undefined;
  try {
    await target.open();
    await pumpLines(replayLines(input.chunks), target, { ...options, onBatch: draw });
  } catch (failure) {
    if (!(failure instanceof ApiUnavailable || failure instanceof InputError)) throw failure;
    error = failure.message;
  } finally {
    line?.clear();
  }
  return tally.summary(target.name, clock.now() - startedAt, error);
}

/** Prints the summary (and the error that stopped the replay); returns the exit code. */
function report(summary: ReplaySummary, json: boolean, io: ReplayIo): number {
  if (summary.error) io.err(`quell: ${summary.error}`);
  if (json) io.out(JSON.stringify(summary));
  // A target that took nothing has only its one error line to tell; a partial run also its counts.
  else if (!summary.error || summary.accepted + summary.rejected > 0) for (const text of summaryLines(summary)) io.out(text);
  if (summary.error) return 1;
  return summary.rejected > 0 ? 2 : 0;
}

function rateOf(events: number, ms: number): number {
  return ms > 0 ? Math.round((events * 1000) / ms) : 0;
}

function parseReplayArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        rate: { type: 'string' },
        tenant: { type: 'string' },
        format: { type: 'string' },
        source: { type: 'string' },
        batch: { type: 'string' },
        json: { type: 'boolean' },
        'api-key-file': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function optionsOf(values: { target?: string; rate?: string; format?: string; batch?: string }) {
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) throw new UsageError(`--rate must be a positive number of events per second, not "${values.rate}"`);
  const batch = values.batch === undefined ? 1000 : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new UsageError(`--batch must be a whole number from 1 to 10000, not "${values.batch}"`);
  if (values.format !== undefined && !(CLI_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`unknown format "${values.format}" (${CLI_FORMATS.join(', ')})`);
  }
  return { rate, batch, format: values.format, target: values.target };
}

async function targetOf(url: string | undefined, values: { 'api-key-file'?: string }, labels: ReplayLabels, io: ReplayIo, clock: Clock): Promise<ReplayTarget> {
  const chosen = url ?? io.env?.QUELL_URL ?? DEFAULT_SERVER_URL;
  if (chosen.startsWith('kafka:')) {
    const kafka = parseKafkaTarget(chosen);
    if (!kafka) throw new UsageError(`--target kafka://broker:port[,broker:port][/topic], not "${chosen}"`);
    return new KafkaTarget(kafka, labels);
  }
  if (!/^https?:\/\/[^/]/.test(chosen) || !URL.canParse(chosen)) throw new UsageError(`--target must be an http(s):// or kafka:// URL, not "${chosen}"`);
  return new HttpTarget(chosen, await apiKeyOf(values, io), labels, clock);
}

/** The input could not be read to its end (an I/O error, a device gone): the replay stops there. */
class InputError extends Error {}

interface Input {
  name: string;
  /** Bytes in the file, when it is one (standard input has no known end). */
  size?: number;
  chunks: AsyncIterable<Buffer | string>;
  bytesRead(): number;
  close(): Promise<void>;
}

/** The file (opened first, so a missing one is a one-line usage error) or standard input, counted as it is read. */
async function openInput(path: string, io: ReplayIo): Promise<Input> {
  let read = 0;
  const counted = async function* (source: AsyncIterable<Buffer | string>) {
    try {
      for await (const chunk of source) {
        read += chunk.length;
        yield chunk;
      }
    } catch (error) {
      throw new InputError(`reading ${path === '-' ? 'standard input' : path}: ${(error as Error).message}`);
    }
  };
  if (path === '-') return { name: 'stdin', chunks: counted(io.stdin ?? process.stdin), bytesRead: () => read, close: async () => undefined };
  try {
    const handle = await open(path, 'r');
    const stat = await handle.stat();
    if (!stat.isFile() && !stat.isFIFO()) {
      await handle.close();
      throw new Error('not a file');
    }
    const { size } = stat;
    return { name: basename(path), size, chunks: counted(handle.createReadStream({ highWaterMark: 256 * 1024 })), bytesRead: () => read, close: () => handle.close().catch(() => undefined) };
  } catch (error) {
    throw new UnreadableInput(`cannot read ${path}: ${(error as Error).message}`);
  }
}
