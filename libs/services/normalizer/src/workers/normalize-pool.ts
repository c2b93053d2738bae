import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OnModuleDestroy } from '@nestjs/common';
import type { RawEvent } from '@quell/contracts';
import type { Logger } from '@quell/platform-observability';
import { normalizeOutcomes } from './normalize-outcomes';
import { toWire, type NormalizeOutcome, type NormalizeRequest, type NormalizeResponse } from './normalize-protocol';

/** The worker entry beside this file: .ts when run from source (swc), .js when built. */
export const NORMALIZE_WORKER_ENTRY = join(__dirname, `normalize.worker${extname(__filename)}`);

interface Pending {
  raws: readonly RawEvent[];
  now: number;
  resolve: (outcomes: NormalizeOutcome[]) => void;
}

interface Slot {
  worker?: Worker;
  pending: Map<number, Pending>;
}

/**
 * Normalizes batches of raw records on worker threads, so that in the all-in-one parsing runs on
 * the second core while the main thread detects, writes history and serves HTTP. With no workers
 * (size 0) it normalizes inline. A worker that dies (a crash, an error, termination at shutdown)
 * loses nothing: the batches it held are normalized on the calling thread and the next batch starts
 * a new worker.
 */
export class NormalizePool implements OnModuleDestroy {
  private readonly slots: Slot[];
  private nextId = 1;
  private closed = false;
  /** Workers lost while the pool was open (crashes). */
  crashes = 0;

  constructor(
    size: number,
    private readonly logger: Logger,
    private readonly entry = NORMALIZE_WORKER_ENTRY,
  ) {
    this.slots = Array.from({ length: size }, () => ({ pending: new Map() }));
  }

  get size(): number {
    return this.slots.length;
  }

  /** One outcome per raw record, in order: the Event, or why it could not be normalized. */
  normalize(raws: readonly RawEvent[], now: number): Promise<NormalizeOutcome[]> {
    if (this.closed || this.slots.length === 0 || raws.length === 0) return Promise.resolve(normalizeOutcomes(raws, now));
    const slot = this.slots.reduce((least, s) => (s.pending.size < least.pending.size ? s : least));
    const worker = slot.worker ?? this.start(slot);
    const id = this.nextId++;
    return new Promise((resolve) => {
      slot.pending.set(id, { raws, now, resolve });
      const request: NormalizeRequest = { id, now, raws: raws.map(toWire) };
      worker.ref();
      worker.postMessage(request);
    });
  }

  private start(slot: Slot): Worker {
    const worker = new Worker(this.entry, { execArgv: workerExecArgv(this.entry) });
    worker.on('message', (response: NormalizeResponse) => {
      const pending = slot.pending.get(response.id);
      if (!pending) return;
      slot.pending.delete(response.id);
      // An idle worker must not keep a stopping process alive; a busy one must.
      if (slot.pending.size === 0) worker.unref();
      pending.resolve(response.outcomes);
    });
    const lost = (reason: string, error?: Error) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      const held = [...slot.pending.values()];
      slot.pending.clear();
      if (!this.closed) {
        this.crashes += 1;
        this.logger.warn({ err: error, reason, batches: held.length }, 'normalizer worker lost: its batches are normalized on the main thread, the next starts a new worker');
      }
      for (const pending of held) pending.resolve(normalizeOutcomes(pending.raws, pending.now));
    };
    worker.on('error', (error) => lost(`error: ${error.message}`, error));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    slot.worker = worker;
    return worker;
  }

  /** Stops the workers; batches still on them are finished on the calling thread. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker?.terminate()));
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}

/** Node flags for a worker: the parent's, plus the TypeScript loader when the entry is source and the parent has none (jest). */
function workerExecArgv(entry: string): string[] | undefined {
  if (!entry.endsWith('.ts') || process.execArgv.some((arg) => arg.includes('@swc-node/register'))) return undefined;
  return [...process.execArgv, '-r', '@swc-node/register'];
}
