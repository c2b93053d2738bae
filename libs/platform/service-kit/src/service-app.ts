import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BYTES_ROLES, TOPIC_SCHEMA, type AvroTopicRole, type RawEvent, type TopicRole } from '@quell/contracts';
import type { BaseServiceConfig } from '@quell/platform-config';
import { oidcOptionsOf, OidcVerifier, openApiModule, ProblemDetailsFilter, setUpHttpServer } from '@quell/platform-http';
import { QuellTransport, RethrowRpcExceptionsFilter, type ConsumerSpec } from '@quell/platform-kafka';
import {
  createLogger,
  HealthRegistry,
  PinoNestLogger,
  PipelineMetrics,
  type Logger,
  type ProcessMetrics,
} from '@quell/platform-observability';
import { metricsObserver } from './bus-metrics';
import { registerConsumerChecks } from './consumer-checks';
import { shipperHeaders, shipperOrigin } from './shipper-origin';
import { PlatformModule } from './platform.module';
import { serviceOpenApiDocument } from './service-openapi';
import type { ServiceDefinition } from './service-definition';
import type { SharedInfrastructure } from './shared-infrastructure';

export interface ServiceApp {
  app: INestApplication;
  transport: QuellTransport;
  logger: Logger;
  metrics: PipelineMetrics;
  /** Stops consuming (the batch in hand finishes and commits), then closes the HTTP server. */
  close(): Promise<void>;
}

export interface ServiceAppOptions {
  /** Listen on this port instead of HTTP_PORT (0 = any free port). */
  httpPort?: number;
  /** False: routes ready but no port bound; the caller serves `app.getHttpAdapter().getInstance()` (all-in-one's single port). */
  listen?: boolean;
  /** Test seam passed to every consumer of the app (see ConsumerSpec.beforeCommit). */
  beforeCommit?: ConsumerSpec['beforeCommit'];
  logger?: Logger;
  /** The exposition shared by the services of one process (all-in-one): process metrics collected once there. */
  processMetrics?: ProcessMetrics;
  /** The OIDC verifier shared by the services of one process (all-in-one), so the provider's keys are fetched once; default: one from the config. */
  oidc?: OidcVerifier | null;
}

/** Builds, wires and starts one service as a hybrid Nest app: HTTP (API, health, metrics) plus the bus. */
export async function startServiceApp<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  infra: SharedInfrastructure,
  options: ServiceAppOptions = {},
): Promise<ServiceApp> {
  const logger = options.logger ?? createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const metrics = new PipelineMetrics({ service: config.SERVICE_NAME, process: options.processMetrics });

  const serviceModule = definition.module(config);
  const oidcOptions = oidcOptionsOf(config);
  const oidc = options.oidc ?? (oidcOptions ? new OidcVerifier(oidcOptions) : null);
  @Module({
    imports: [
      PlatformModule.forService({ service: config.SERVICE_NAME, config, infra, logger, metrics, oidc }),
      serviceModule,
      openApiModule(serviceOpenApiDocument(definition.name, serviceModule)),
    ],
  })
  class ServiceRootModule {}

  // Nest's body parsers are off: the kit reads bodies (one limit, gzip/deflate, problem+json refusals).
  const app = await NestFactory.create(ServiceRootModule, { logger: new PinoNestLogger(logger), abortOnError: false, bodyParser: false });
  setUpHttpServer(app, { logger, maxBodyBytes: config.HTTP_MAX_BODY_BYTES });
  definition.configureApp?.(app, config);
  const transport = new QuellTransport({
    bus: infra.bus,
    groupId: `${config.KAFKA_GROUP_PREFIX}.${definition.name}`,
    groupPrefix: `${config.KAFKA_GROUP_PREFIX}.`,
    topicFor: (role) => infra.topics[role],
    decoderFor: (role) => decoderFor(infra, role),
    fieldReaderFor: (role) => fieldReaderFor(infra, role),
    // A raw record the normalizer cannot parse is dead-lettered as the shipper's own bytes.
    deadLetterValueFor: (role) => (role === 'raw' ? (value) => (value as RawEvent).payload : undefined),
    // ... and names the shipper's topic, partition and offset as its origin when it came over Kafka.
    deadLetterOriginFor: (role) => (role === 'raw' ? (value) => shipperOrigin(value as RawEvent) : undefined),
    // ... with its tenant and the shipper record's headers, so it is listed and replayed as that tenant's.
    deadLetterHeadersFor: (role) => (role === 'raw' ? (value) => shipperHeaders(value as RawEvent) : undefined),
    deadLetterTopic: infra.topics.deadLetters,
    policy: { maxAttempts: config.DELIVERY_MAX_ATTEMPTS, backoffMs: config.DELIVERY_BACKOFF_MS, maxBackoffMs: 30_000 },
    beforeCommit: options.beforeCommit,
    observer: metricsObserver(metrics),
  });
  // Nest tries the filter registered last first: every HTTP error becomes problem+json, and on the
  // bus both rethrow, so the delivery policy sees the original error.
  app.useGlobalFilters(new RethrowRpcExceptionsFilter(), new ProblemDetailsFilter(logger));
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  registerConsumerChecks(app.get(HealthRegistry), transport.handles());
  if (options.listen === false) {
    await app.init();
    logger.info(`${definition.name} started`);
  } else {
    await listenOrExplain(app, options.httpPort ?? config.HTTP_PORT, config.HTTP_HOST);
    logger.info({ host: config.HTTP_HOST, port: app.getHttpServer().address()?.port }, `${definition.name} started`);
  }

  return {
    app,
    transport,
    logger,
    metrics,
    close: async () => {
      await app.close();
      logger.info(`${definition.name} stopped`);
    },
  };
}

/** A port that cannot be bound is a setting to change, told in one line (see PortInUseError), not a stack trace. */
async function listenOrExplain(app: INestApplication, port: number, host: string): Promise<void> {
  try {
    await app.listen(port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new PortInUseError(port, host, code);
    throw error;
  }
}

/** The HTTP port is taken (EADDRINUSE) or not allowed (EACCES): the message names the port, not the key (the caller knows it). */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly code: string,
  ) {
    super(code === 'EACCES' ? `port ${port} on ${host} is not allowed for this user` : `port ${port} on ${host} is already in use`);
  }
}

function fieldReaderFor(infra: SharedInfrastructure, role: TopicRole): ((bytes: Buffer, field: string) => unknown) | undefined {
  if ((BYTES_ROLES as readonly TopicRole[]).includes(role)) return undefined;
  const schema = TOPIC_SCHEMA[role as AvroTopicRole];
  return (bytes, field) => infra.codec.peekField(bytes, schema, field as never);
}

function decoderFor(infra: SharedInfrastructure, role: TopicRole): (bytes: Buffer) => unknown {
  if ((BYTES_ROLES as readonly TopicRole[]).includes(role)) return (bytes) => bytes;
  const schema = TOPIC_SCHEMA[role as AvroTopicRole];
  return (bytes) => infra.codec.decode(bytes, schema);
}
