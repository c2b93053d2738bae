import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { BodyError, readBody } from './body-reader';

/** A request body the test writes into, like a client still sending. */
function requestOf(headers: Record<string, string>): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

async function refusal(promise: Promise<Buffer>): Promise<BodyError> {
  try {
    await promise;
  } catch (error) {
    return error as BodyError;
  }
  throw new Error('the body was accepted');
}

describe('readBody', () => {
  it('inflates gzip within the limit', async () => {
    const req = requestOf({ 'content-encoding': 'gzip' });
    req.end(gzipSync('{"a":1}'));
    expect((await readBody(req, 100)).toString()).toBe('{"a":1}');
  });

  // A refused body must still be consumed, or the next request on the keep-alive connection waits
  // behind it (found by the HTTP fuzz spec: a 413 while the client was still sending).
  it.each([
    ['inflates past the limit', gzipSync(Buffer.alloc(10_000, ' ')), 413],
    ['is a corrupt gzip stream', Buffer.concat([gzipSync('{}').subarray(0, 10), Buffer.alloc(64, 'x')]), 400],
  ])('drains the rest of a body that %s', async (_, start, status) => {
    const req = requestOf({ 'content-encoding': 'gzip' });
    req.write(start);
    const error = await refusal(readBody(req, 1000));
    expect(error).toBeInstanceOf(BodyError);
    expect(error.status).toBe(status);
    const ended = new Promise<void>((resolve) => req.on('end', resolve));
    for (let i = 0; i < 20; i++) req.write(Buffer.alloc(64 * 1024, 'x'));
    req.end();
    await ended;
    expect(req.readableEnded).toBe(true);
  });
});
