// Probe: what the HTTP API kit's auth and error handling cost per request. One Nest app serves the
// same trivial POST twice: `/inline` checks the bearer key by hand, the way ingest did before the kit
// (regex, SHA-256, constant-time scan of the key list, a JSON HttpException), `/kit` through
// @RequireScope + @Tenant() and the problem+json filter. Both are driven in the same run, alternating
// rounds, by keep-alive clients in this process. On a shared machine requests/s swing with the load;
// the CPU time the process spends per request (server and clients, the clients' share being the same
// for both routes) is the steadier figure, and its difference is what the kit costs. Not a test.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/http-api-kit.ts [seconds-per-round] [rounds] [keys]
import 'reflect-metadata';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Headers, HttpCode, HttpException, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { API_KEY_STORE, ApiKeyStore, HttpApiModule, RequireScope, Tenant } from '@quell/platform-http';

const secondsPerRound = Number(process.argv[2] ?? 3);
const rounds = Number(process.argv[3] ?? 3);
const keyCount = Number(process.argv[4] ?? 10);
const CLIENTS = 16;

const keys = Array.from({ length: keyCount }, (_, i) => `tenant-${i}:key-${i}-${'x'.repeat(24)}`);
const lastKey = keys[keys.length - 1].split(':')[1];
const sha256 = (text: string) => createHash('sha256').update(text).digest();
const inlineHashes = keys.map((entry) => ({ tenant: entry.split(':')[0], hash: sha256(entry.split(':')[1]) }));

@Controller()
class BenchController {
  @Post('inline')
  @HttpCode(202)
  inline(@Headers('authorization') authorization: string | undefined) {
    const key = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    let tenant: string | undefined;
    if (key) {
      const hash = sha256(key.trim());
      for (const entry of inlineHashes) tenant = timingSafeEqual(entry.hash, hash) ? entry.tenant : tenant;
    }
    if (!tenant) throw new HttpException({ statusCode: 401, error: 'Unauthorized', message: 'a valid API key is required' }, 401);
    return { accepted: 1, tenant };
  }

  @Post('kit')
  @HttpCode(202)
  @RequireScope('write')
  kit(@Tenant() tenant: string) {
    return { accepted: 1, tenant };
  }
}

@Module({
  imports: [HttpApiModule],
  controllers: [BenchController],
  providers: [{ provide: API_KEY_STORE, useValue: ApiKeyStore.fromList(keys.map((entry) => entry.replace(':', ':bench:write:')).join(',')) }],
})
class BenchModule {}

interface Round {
  perSecond: number;
  cpuMicrosPerRequest: number;
}

/** Requests answered per second, and CPU µs per request, by CLIENTS keep-alive clients posting to `path` for `seconds`. */
async function drive(port: number, path: string, key: string, expected: number, seconds: number): Promise<Round> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  const client = async () => {
    while (Date.now() < deadline) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request({ port, path, method: 'POST', agent, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': 2 } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end('{}');
      });
      if (status !== expected) throw new Error(`${path} answered ${status}, expected ${expected}`);
      done++;
    }
  };
  const started = Date.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return { perSecond: done / ((Date.now() - started) / 1000), cpuMicrosPerRequest: (used.user + used.system) / done };
}

async function main(): Promise<void> {
  const app = await NestFactory.create(BenchModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const cases = [
    { name: 'accepted (202)', key: lastKey, expected: 202 },
    { name: 'unknown key (401)', key: 'wrong-key', expected: 401 },
  ];
  await drive(port, '/inline', lastKey, 202, 1);
  await drive(port, '/kit', lastKey, 202, 1);
  console.log(`${keyCount} keys, ${CLIENTS} keep-alive clients, ${rounds} alternating rounds of ${secondsPerRound} s per route`);
  for (const { name, key, expected } of cases) {
    const inline: Round[] = [];
    const kit: Round[] = [];
    for (let round = 0; round < rounds; round++) {
      inline.push(await drive(port, '/inline', key, expected, secondsPerRound));
      kit.push(await drive(port, '/kit', key, expected, secondsPerRound));
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
    const cpuA = median(inline.map((r) => r.cpuMicrosPerRequest));
    const cpuB = median(kit.map((r) => r.cpuMicrosPerRequest));
    const rateA = median(inline.map((r) => r.perSecond));
    const rateB = median(kit.map((r) => r.perSecond));
    console.log(
      `${name}: CPU per request ${cpuA.toFixed(0)} µs inline, ${cpuB.toFixed(0)} µs kit (${cpuB - cpuA >= 0 ? '+' : ''}${(cpuB - cpuA).toFixed(0)} µs); ` +
        `median ${rateA.toFixed(0)} vs ${rateB.toFixed(0)} req/s (rounds ${inline.map((r) => r.perSecond.toFixed(0)).join('/')} vs ${kit.map((r) => r.perSecond.toFixed(0)).join('/')})`,
    );
  }
  await app.close();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
