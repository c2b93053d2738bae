// A normalizer worker that dies on its first batch, as one hit by a fatal bug or out of memory
// would: it ends its thread (exit code 3), or, when the batch's first record reads `throw`, an
// uncaught error ends it (the Worker's 'error' event).
import { parentPort } from 'node:worker_threads';
import type { NormalizeRequest } from '../workers/normalize-protocol';

parentPort?.on('message', (request: NormalizeRequest) => {
  if (request.raws[0]?.text === 'throw') throw new Error('worker blew up');
  process.exit(3);
});
