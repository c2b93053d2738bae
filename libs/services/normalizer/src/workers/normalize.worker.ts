// A normalizer worker thread: batches of raw records in, Events (or why not) out. See NormalizePool.
import { parentPort } from 'node:worker_threads';
import { normalizeOutcomes } from './normalize-outcomes';
import { fromWire, type NormalizeRequest, type NormalizeResponse } from './normalize-protocol';

const port = parentPort;
if (!port) throw new Error('normalize.worker runs as a worker thread (see NormalizePool)');
port.on('message', (request: NormalizeRequest) => {
  const response: NormalizeResponse = { id: request.id, outcomes: normalizeOutcomes(request.raws.map(fromWire), request.now) };
  port.postMessage(response);
});
