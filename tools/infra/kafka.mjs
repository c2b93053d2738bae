// A real Apache Kafka broker for the tests, from the jars on Maven Central, in KRaft mode on
// loopback. Pinned to 4.1.2: Kafka 4.0 removed protocol versions kafkajs 2.2.4 sends; 4.1
// restored the old JoinGroup versions, and topics, groups, rebalances and idempotent produce work.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, killGroup, waitForPort } from './net.mjs';

export const KAFKA_VERSION = '4.1.2';
const here = dirname(fileURLToPath(import.meta.url));

/** Downloads the broker's jars once into the cache (Maven resolves kafka_2.13 and its dependencies). */
export function ensureKafkaJars(cacheDir) {
  const libs = join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
  const marker = join(libs, '.complete');
  if (existsSync(marker)) return libs;
  mkdirSync(libs, { recursive: true });
  console.error(`[infra] fetching Apache Kafka ${KAFKA_VERSION} jars from Maven Central into ${libs}`);
  execFileSync(
    'mvn',
    ['-q', '-B', '-f', join(here, 'kafka-pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime'],
    { stdio: 'inherit' },
  );
  writeFileSync(marker, new Date().toISOString());
  return libs;
}

export async function startKafka({ cacheDir }) {
  const libs = ensureKafkaJars(cacheDir);
  const classpath = `${libs}/*`;
  const [port, controllerPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'quell-kafka-'));
  const config = join(dataDir, 'server.properties');
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${join(dataDir, 'logs')}`,
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=5',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'num.partitions=3',
      'auto.create.topics.enable=false',
    ].join('\n'),
  );
  const java = (args) => execFileSync('java', ['-cp', classpath, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const clusterId = java(['kafka.tools.StorageTool', 'random-uuid']).trim().split('\n').pop();
  java(['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config]);

  const logFile = join(dataDir, 'broker.log');
  const out = openSync(logFile, 'a');
  const child = spawn('java', ['-Xmx768m', '-XX:+UseSerialGC', '-cp', classpath, 'kafka.Kafka', config], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  try {
    await waitForPort(port, 90_000);
  } catch (error) {
    killGroup(child, 'SIGKILL');
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
    throw new Error(`Kafka did not start: ${error.message}\n${tail}`);
  }
  return {
    brokers: `127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      killGroup(child, 'SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => (killGroup(child, 'SIGKILL'), resolve()), 15_000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
        if (child.exitCode !== null) (clearTimeout(timer), resolve());
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
