import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireKafkaBrokers, requireRedisUrl, waitFor } from '@quell/platform-testing';
import { buildInto, filesUnder, linkProductionModules, packageOf, requiredSpecifiers, ROOT } from './compiled-tree';

// `npm run build` as the Dockerfile and `npm start` use it, into a scratch directory whose
// node_modules holds only the production dependencies: what a pod runs.
const WORK = mkdtempSync(join(tmpdir(), 'quell-build-'));
const OUT = join(WORK, 'dist', 'out-tsc');
const { dependencies, devDependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;

/** Output that only tests, benchmarks and tools may produce. */
const TEST_ONLY = [/\.(spec|int-spec|e2e-spec|test-util)\.js$/, /(^|\/)test\//, /(^|\/)bench\//, /^tools\//, /^libs\/platform\/testing\//, /^apps\/pipeline-e2e\//];
const SERVICE_APPS = readdirSync(join(ROOT, 'apps')).filter((app) => app !== 'cli' && existsSync(join(ROOT, 'apps', app, 'src', 'main.ts')));

let compiled: { file: string; requires: string[] }[];

/** A compiled entry run as a container runs it: plain node, no NODE_PATH, only production modules reachable. */
function runCompiled(app: string, env: Record<string, string>, args: string[] = []) {
  return spawn(process.execPath, [join(OUT, 'apps', app, 'src', 'main.js'), ...args], {
    cwd: WORK,
    env: { PATH: process.env['PATH'] ?? '', HOME: WORK, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function outputOf(child: ReturnType<typeof runCompiled>): { text: () => string; exited: Promise<number | null> } {
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  return { text: () => text, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

beforeAll(() => {
  buildInto(OUT);
  linkProductionModules(join(WORK, 'node_modules'));
  // Schemas, rule pipelines and samples are read from the repository tree (the image copies them).
  symlinkSync(join(ROOT, 'libs'), join(WORK, 'libs'), 'dir');
  symlinkSync(join(ROOT, 'deploy'), join(WORK, 'deploy'), 'dir');
  compiled = filesUnder(OUT)
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, requires: requiredSpecifiers(readFileSync(join(OUT, file), 'utf8')) }));
}, 600_000);

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('the build output (npm run build)', () => {
  it('holds every app entry and no test, benchmark, test-harness or tool file', () => {
    const files = compiled.map(({ file }) => file);
    for (const app of [...SERVICE_APPS, 'cli']) expect(files).toContain(`apps/${app}/src/main.js`);
    expect(files.filter((file) => TEST_ONLY.some((pattern) => pattern.test(file)))).toEqual([]);
  });

  it('resolves every @quell/* path alias at build time (no tsconfig-paths at run time)', () => {
    const aliased = compiled.flatMap(({ file, requires }) => requires.filter((r) => r.startsWith('@quell/')).map((r) => `${file}: ${r}`));
    expect(aliased).toEqual([]);
    expect(compiled.find(({ file }) => file === 'apps/ingest/src/main.js')!.requires).toContain('../../../libs/services/ingest/src/index.js');
  });

  it('requires only Node built-ins and production dependencies', () => {
    const packages = new Set(compiled.flatMap(({ requires }) => requires.map(packageOf).filter((name): name is string => name !== undefined)));
    expect(packages).toContain('@nestjs/common');
    const notProduction = compiled.flatMap(({ file, requires }) =>
      requires.filter((r) => packageOf(r) !== undefined && !(packageOf(r)! in dependencies)).map((r) => `${file}: ${r}${packageOf(r)! in devDependencies ? ' (a devDependency)' : ''}`),
    );
    expect(notProduction).toEqual([]);
  });

  it('declares no production dependency that the output never loads', () => {
    const loaded = new Set(compiled.flatMap(({ requires }) => requires.map(packageOf)));
    // Nest loads its HTTP adapter by name from inside @nestjs/core.
    const loadedByNest = ['@nestjs/platform-express'];
    expect(Object.keys(dependencies).filter((name) => !loaded.has(name) && !loadedByNest.includes(name))).toEqual([]);
  });

  it.each(SERVICE_APPS)('loads the %s entry with production modules only, up to its config check', async (app) => {
    const run = outputOf(runCompiled(app, { LOG_LEVEL: 'loud' }));
    expect(await run.exited).toBe(1);
    expect(run.text()).not.toMatch(/Cannot find module/);
    expect(run.text()).toMatch(/LOG_LEVEL/);
  }, 60_000);

  it('runs the CLI from the compiled tree', async () => {
    const child = runCompiled('cli', {}, ['normalize', '--tenant', 'acme', '-']);
    const run = outputOf(child);
    child.stdin!.end(`${JSON.stringify({ '@timestamp': '2024-05-01T10:00:00Z', host: { name: 'web-1' }, message: 'hello' })}\n`);
    expect(await run.exited).toBe(0);
    expect(JSON.parse(run.text().trim())).toMatchObject({ 'host.name': 'web-1', 'organization.id': 'acme', message: 'hello' });
  }, 60_000);

  it('starts the deduper over Kafka and Redis until ready, and exits 0 on SIGTERM', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = runCompiled('deduper', {
      BUS: 'kafka',
      KAFKA_BROKERS: requireKafkaBrokers().join(','),
      REDIS_URL: requireRedisUrl(),
      TOPIC_PREFIX: `build-${randomUUID().slice(0, 8)}.`,
      HTTP_PORT: String(port),
    });
    const run = outputOf(child);
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status === 200 || undefined,
      { timeoutMs: 90_000, description: `the compiled deduper to be ready (output so far: ${run.text().slice(-2000)})` },
    );
    child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 120_000);
});
