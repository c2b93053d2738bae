// A single-node Apache Kafka (KRaft) broker for tests, run straight from the jars on Maven
// Central with the machine's Java 17: no Docker, no Kafka distribution tarball. Plain Node with
// no npm deps, so the test bootstrap can fetch the jars before `npm ci`.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countBrokers } from './kafka-probe.mjs';
import { freePort, killService, run, spawnService, stopService, waitUntilReady } from './process.mjs';

// Keep in step with tools/infra/kafka-pom.xml and the testcontainers image in platform-testing.
export const KAFKA_VERSION = '4.1.2';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const POM = path.join(HERE, 'kafka-pom.xml');
const LOG4J_CONFIG = path.join(HERE, 'kafka-log4j2.yaml');
const JAVA = 'java';

/**
 * Downloads the broker's jars once into `<cacheDir>/kafka-<version>/libs` via Maven (about a
 * minute on a cold ~/.m2); later calls see the marker file and return at once.
 * @returns {Promise<string>} the libs directory
 */
export async function ensureKafkaJars(cacheDir) {
  const home = path.join(cacheDir, `kafka-${KAFKA_VERSION}`);
  const libs = path.join(home, 'libs');
  const marker = path.join(home, '.complete');
  if (existsSync(marker)) return libs;
  // Copy into a private directory and rename, so a concurrent or interrupted run never sees half a set.
  const staging = path.join(home, `libs.${process.pid}.tmp`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  console.error(`[infra] fetching the Apache Kafka ${KAFKA_VERSION} jars from Maven Central into ${libs}`);
  await run('mvn', [
    '-B', '-q', '-f', POM, 'dependency:copy-dependencies',
    `-DoutputDirectory=${staging}`, '-DincludeScope=runtime',
  ]).catch((error) => {
    throw new Error(`could not fetch the Kafka ${KAFKA_VERSION} jars with Maven (needs mvn and Java 17 on PATH): ${error.message}`);
  });
  rmSync(libs, { recursive: true, force: true });
  renameSync(staging, libs);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return libs;
}

/** A KRaft cluster id: 16 random bytes in URL-safe base64, as StorageTool random-uuid prints (saves a JVM start). */
function clusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties({ port, controllerPort, logDirs }) {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${logDirs}`,
    // One broker: every internal topic has a single replica.
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Fewer internal partitions: the first group join waits for __consumer_offsets to load.
    'offsets.topic.num.partitions=10',
    'transaction.state.log.num.partitions=5',
    // Tests join groups constantly; don't hold the first rebalance back, and allow short sessions.
    'group.initial.rebalance.delay.ms=0',
    'group.min.session.timeout.ms=1000',
    // Tests create their own uniquely named topics; a typo must fail, not invent a topic.
    'auto.create.topics.enable=false',
    'num.partitions=3',
    '',
  ].join('\n');
}

/**
 * A broker that can be stopped and started again on the same ports over the same data directory,
 * as a restarted pod would be: clients reconnect to the address they know and everything committed
 * before the stop is still there. Fault tests use it; `startKafka` is its one-shot form.
 * @returns {Promise<{ brokers: string, logFile: string, pid: () => number | undefined, running: () => boolean,
 *   start: () => Promise<void>, stop: () => Promise<void>, kill: () => Promise<void> }>}
 */
export async function createKafkaBroker({ cacheDir, dataDir, timeoutMs = 90000 }) {
  const libs = await ensureKafkaJars(cacheDir);
  mkdirSync(dataDir, { recursive: true });
  const [port, controllerPort] = [await freePort(), await freePort()];
  const config = path.join(dataDir, 'server.properties');
  const logFile = path.join(dataDir, 'kafka.log');
  writeFileSync(config, serverProperties({ port, controllerPort, logDirs: path.join(dataDir, 'data') }));

  const classpath = `${libs}/*`;
  // C1 only (no C2): a broker that lives for one test run or one benchmark never earns back C2's
  // compiling. In the distributed quick bench on 2 cores (7 December 2026, 3 rounds alternated)
  // the broker's C2 thread took 0.22-0.33 CPU s per 1,000 events, about 15% of the machine; with
  // C1 only the broker took 0.33 CPU s per 1,000 beside 0.62-0.65, and the pipeline ran 1,533-1,729
  // events/s beside 1,297-1,426. A production broker runs for months and keeps C2.
  const jvm = ['-Xms256m', '-Xmx512m', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`];
  // StorageTool's format writes meta.properties and the bootstrap metadata a KRaft node refuses to start without.
  await run(JAVA, [...jvm, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', config], { cwd: dataDir })
    .catch((error) => {
      throw new Error(`could not format Kafka storage in ${dataDir} (needs Java 17 on PATH): ${error.message}`);
    });

  let service;
  const running = () => service !== undefined && service.child.exitCode === null && service.child.signalCode === null;
  return {
    brokers: `127.0.0.1:${port}`,
    logFile,
    pid: () => (running() ? service.child.pid : undefined),
    running,
    async start() {
      if (running()) return;
      service = spawnService(JAVA, [...jvm, '-cp', classpath, 'kafka.Kafka', config], { cwd: dataDir, logFile });
      await waitUntilReady('Kafka broker', service, logFile, async () => (await countBrokers('127.0.0.1', port)) > 0, timeoutMs);
    },
    /** A controlled shutdown (SIGTERM): the broker flushes its logs and hands its partitions over. */
    async stop() {
      if (service) await stopService(service);
    },
    /** A crash (SIGKILL): the next start recovers the logs from the last flush. */
    async kill() {
      if (service) await killService(service);
    },
  };
}

/**
 * Starts a broker on free loopback ports with its state under `dataDir` (server.properties,
 * kafka.log, data/). Resolves once the broker reports itself in a Metadata reply.
 * @returns {Promise<{ brokers: string, pid: number, logFile: string, stop: () => Promise<void> }>}
 */
export async function startKafka({ cacheDir, dataDir, timeoutMs = 90000 }) {
  const broker = await createKafkaBroker({ cacheDir, dataDir, timeoutMs });
  await broker.start();
  return { brokers: broker.brokers, pid: broker.pid(), logFile: broker.logFile, stop: () => broker.stop() };
}
