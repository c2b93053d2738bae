// Kafka and Redis in containers, for machines with a Docker engine. testcontainers' reaper
// removes them even if the test run is killed. testcontainers is loaded only when a container is
// started: without Docker it is never loaded.
import { createServer } from 'node:net';
import type { RunningService } from './running-service';

// Keep in step with KAFKA_VERSION in tools/infra/kafka.mjs, so both paths test the same broker.
const KAFKA_IMAGE = 'apache/kafka:4.1.2';
const REDIS_IMAGE = 'redis:7';
const STARTUP_TIMEOUT_MS = 120000;

function freeHostPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startKafkaContainer(): Promise<RunningService> {
  const { GenericContainer, getContainerRuntimeClient, Wait } = await import('testcontainers');
  // The broker must advertise the address clients use, which is known before start only if we
  // pick the host port ourselves.
  const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
  const hostPort = await freeHostPort();
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts({ container: 9092, host: hostPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${hostPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      // The same single-broker settings as tools/infra/kafka.mjs.
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '10',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS: '1000',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_NUM_PARTITIONS: '3',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
  return { address: `${host}:${hostPort}`, origin: `container ${KAFKA_IMAGE}`, stop: async () => void (await container.stop()) };
}

export async function startRedisContainer(): Promise<RunningService> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(REDIS_IMAGE)
    .withExposedPorts(6379)
    .withCommand(['redis-server', '--save', '', '--appendonly', 'no'])
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
  return {
    address: `redis://${container.getHost()}:${container.getMappedPort(6379)}`,
    origin: `container ${REDIS_IMAGE}`,
    stop: async () => void (await container.stop()),
  };
}
