// Probe: the client CPU of one channel send, the way the notifier sends (sendChannelRequest: undici's
// request over a keep-alive agent) beside the global fetch with the same body handling (what it did
// until 6 December 2026). A 2 KB JSON POST to a receiver in a child process (its CPU is not counted),
// 8 sends at a time; rounds alternate. Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/channel-send.ts [sends] [rounds]
import { spawn } from 'node:child_process';
import { sendChannelRequest } from '../../libs/services/notifier/src/delivery/channel-sender';

const SENDS = Number(process.argv[2] ?? 4_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const AT_ONCE = 8;
const body = JSON.stringify({ text: 'x'.repeat(2_000) });

async function viaFetch(url: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    decoder.decode(chunk.value, { stream: true });
  }
}

async function viaChannelSender(url: string): Promise<void> {
  const outcome = await sendChannelRequest('bench', { method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, 10_000);
  if (!outcome.ok) throw new Error(outcome.reason);
}

async function measure(name: string, send: (url: string) => Promise<void>, url: string): Promise<void> {
  const before = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: AT_ONCE }, async () => {
    while (next++ < SENDS) await send(url);
  }));
  const cpu = process.cpuUsage(before);
  const seconds = (performance.now() - started) / 1_000;
  console.log(`${name.padEnd(22)} ${((cpu.user + cpu.system) / SENDS).toFixed(0).padStart(5)} µs CPU per send  ${(SENDS / seconds).toFixed(0).padStart(6)} sends/s`);
}

// The receiver, in a plain Node process: it prints its port, then answers every POST 200.
const RECEIVER = `require('node:http').createServer((req, res) => req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')))
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;

async function main(): Promise<void> {
  const receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => receiver.stdout.once('data', (data: Buffer) => resolve(Number(data.toString().trim()))));
  const url = `http://127.0.0.1:${port}/hook`;
  for (let round = 1; round <= ROUNDS; round += 1) {
    console.log(`round ${round}: ${SENDS} sends, ${AT_ONCE} at a time`);
    await measure('fetch (was)', viaFetch, url);
    await measure('sendChannelRequest', viaChannelSender, url);
  }
  receiver.kill();
}

void main();
