import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AvroCodec, topicsFor, type Alert, type Event } from '@quell/contracts';
import { createTopics, readmeSnippet, requireKafkaBrokers, requireRedisUrl } from '@quell/platform-testing';
import { PipelineHarness } from '../pipeline-harness';
import { eventually, TopicTail } from '../topic-tail';

const ROOT = join(__dirname, '../../../..');
// deploy/samples/rules: failed-logon.yml and brute-force.yml.
const FAILED_LOGON = '6f4c8a52-2b1e-4d8f-9a61-3c0d7e5b9f10';
const BRUTE_FORCE = '0b7e3f6a-91c4-4c2e-8d5b-6a2f1e9c4d37';

interface RsyslogInstall {
  rsyslogd: string;
  moduleDir: string;
  libraryPath: string;
  version: string;
}

/**
 * Debian's rsyslog and rsyslog-kafka, unpacked under .cache by tools/infra/rsyslog.mjs (plain Node
 * outside every project, and an ES module jest workers cannot import: run as a script).
 */
async function ensureRsyslog(): Promise<RsyslogInstall> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'tools/infra/rsyslog.mjs'), join(ROOT, '.cache')], { timeout: 120_000 });
  return JSON.parse(stdout) as RsyslogInstall;
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

async function sendLines(port: number, lines: string[]): Promise<void> {
  const socket = new Socket();
  await new Promise<void>((resolve, reject) => socket.once('error', reject).connect(port, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => socket.end(lines.map((l) => `${l}\n`).join(''), resolve));
}

/** `Mmm dd hh:mm:ss` now, as a BSD syslog sender stamps its lines (UTC here). */
function bsdNow(): string {
  const now = new Date();
  const month = now.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${month} ${String(now.getUTCDate()).padStart(2, ' ')} ${now.toISOString().slice(11, 19)}`;
}

/**
 * Debian's rsyslog 8.2302 with omkafka, configured by the README's snippet (stock template
 * RSYSLOG_SyslogProtocol23Format), shipping sshd, sudo and iptables lines to the real broker; ingest
 * reads its topic as the README declares it, the normalizer and the correlator (with the sample
 * rules) take it from there.
 */
describe('rsyslog with omkafka and its stock template, into the pipeline over the real broker', () => {
  const brokers = requireKafkaBrokers();
  const prefix = `rsyslog-${randomUUID().slice(0, 8)}`;
  const topics = topicsFor(`${prefix}.`);
  const shipperTopic = `${prefix}.shipper.rsyslog.acme`;
  const codec = new AvroCodec();
  const work = mkdtempSync(join(tmpdir(), 'quell-rsyslog-'));
  const harness = new PipelineHarness({ brokers: brokers.join(','), redisUrl: requireRedisUrl(), prefix, webhookUrl: 'http://127.0.0.1:9/none', apiKeys: 'acme:k' });
  let rsyslog: ChildProcess | undefined;
  let events: TopicTail;
  let alerts: TopicTail;
  let deadLetters: TopicTail;
  let port: number;

  beforeAll(async () => {
    const install = await ensureRsyslog();
    expect(install.version).toContain('8.2302');
    await createTopics(brokers, [shipperTopic], 1);
    // The README's declaration for rsyslog, on this run's topic.
    const declared = /(shipper\.rsyslog\.acme):(\w+):(\w+)/.exec(readmeSnippet('ingest'))!;
    harness.env['INGEST_KAFKA_TOPICS'] = `${shipperTopic}:${declared[2]}:${declared[3]}`;
    const rulesDir = mkdtempSync(join(tmpdir(), 'quell-rsyslog-rules-'));
    cpSync(join(ROOT, 'deploy/samples/rules'), rulesDir, { recursive: true });
    harness.env['RULES_DIR'] = rulesDir;
    harness.env['RULES_POLL_INTERVAL_MS'] = '0';
    for (const name of ['ingest', 'normalizer', 'correlator']) await harness.start(name);
    for (const name of ['ingest', 'normalizer', 'correlator']) await harness.get(name).service.transport.ready();
    events = await new TopicTail(brokers, topics.events).start();
    alerts = await new TopicTail(brokers, topics.alerts).start();
    deadLetters = await new TopicTail(brokers, topics.deadLetters).start();

    port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const snippet = readmeSnippet('rsyslog')
      .replace(/broker=\[[^\]]*\]/, `broker=[${brokers.map((b) => `"${b}"`).join(',')}]`)
      .replace(/topic="[^"]*"/, `topic="${shipperTopic}"`);
    const configFile = join(work, 'rsyslog.conf');
    writeFileSync(configFile, [`global(workDirectory="${work}")`, 'module(load="imtcp")', `input(type="imtcp" address="127.0.0.1" port="${port}")`, snippet, ''].join('\n'));
    rsyslog = spawn(install.rsyslogd, ['-n', '-f', configFile, '-i', join(work, 'rsyslogd.pid'), '-M', install.moduleDir], {
      cwd: work,
      env: { ...process.env, LD_LIBRARY_PATH: install.libraryPath },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    rsyslog.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await eventually(async () => (rsyslog?.exitCode !== null ? Promise.reject(new Error(`rsyslogd exited: ${stderr}`)) : (await connects(port)) || undefined), 'rsyslogd listening', 20_000);
  }, 180_000);

  afterAll(async () => {
    if (rsyslog && rsyslog.exitCode === null) {
      const exited = new Promise((resolve) => rsyslog!.once('exit', resolve));
      rsyslog.kill('SIGTERM');
      await exited;
    }
    await Promise.all([events?.stop(), alerts?.stop(), deadLetters?.stop()]);
    await harness.stopAll();
  }, 60_000);

  it('sshd, sudo and iptables lines normalize with their fields, messages without the leading space or newline', async () => {
    const stamp = bsdNow();
    const sshd = Array.from({ length: 6 }, (_, i) => `<38>${stamp} web-1 sshd[4242]: Failed password for root from 203.0.113.9 port ${51230 + i} ssh2`);
    await sendLines(port, [
      ...sshd,
      `<85>${stamp} web-1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/cat /etc/shadow`,
      `<4>${stamp} web-1 kernel: [UFW BLOCK] IN=eth0 OUT= MAC=00:00:00:00:00:00 SRC=198.51.100.7 DST=10.0.0.5 LEN=60 PROTO=TCP SPT=40000 DPT=22 SYN`,
    ]);
    const decoded = await eventually(() => {
      const all = events.records.map((r) => codec.decode(r.value, 'Event') as Event);
      return all.length >= 8 ? all : undefined;
    }, '8 events from rsyslog');
    expect(decoded.every((e) => e.tenant === 'acme' && e.source.name === shipperTopic)).toBe(true);
    const logins = decoded.filter((e) => e.process?.name === 'sshd');
    expect(logins).toHaveLength(6);
    // What rsyslog really sent: the stock template, MSG with its leading space, the trailing newline.
    expect(logins[0].rawText).toMatch(/^<38>1 \S+ web-1 sshd 4242 - - {2}Failed password .* ssh2\n$/);
    for (const login of logins) {
      expect(login).toMatchObject({ className: 'authentication', outcome: 'failure', user: { name: 'root' }, src: { ip: '203.0.113.9' }, host: { name: 'web-1' } });
      expect(login.message).toMatch(/^Failed password for root from 203\.0\.113\.9 port 5123\d ssh2$/);
    }
    const sudo = decoded.find((e) => e.process?.name === 'sudo')!;
    expect(sudo.className).not.toBe('other');
    expect(sudo.user?.name).toBe('alice');
    const firewall = decoded.find((e) => e.process?.name === 'kernel')!;
    expect(firewall).toMatchObject({ className: 'network', src: { ip: '198.51.100.7' }, dst: { ip: '10.0.0.5', port: 22 } });
    expect(firewall.message?.endsWith('SYN')).toBe(true);
    expect(deadLetters.records.filter((r) => r.headers['quell.dlq.original.topic'] === shipperTopic)).toEqual([]);
  }, 90_000);

  it("raise the sample rules' alerts: a failed logon per sshd line and the brute-force correlation", async () => {
    const raised = await eventually(() => {
      const all = alerts.records.map((r) => codec.decode(r.value, 'Alert') as Alert);
      return all.filter((a) => a.rule.id === FAILED_LOGON).length >= 6 && all.some((a) => a.rule.id === BRUTE_FORCE) ? all : undefined;
    }, 'failed_logon and brute_force_by_source alerts', 60_000);
    expect(raised.filter((a) => a.rule.id === FAILED_LOGON)).toHaveLength(6);
  }, 90_000);
});
