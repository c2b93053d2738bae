// Helpers for integration tests against the real Kafka and Redis that the jest global setup
// (src/jest/global-setup.ts) provides. Tests never mock these servers and never skip without them.
export { KAFKA_BROKERS_ENV, REDIS_URL_ENV, requireKafkaBrokers, requireRedisUrl } from './harness-env';
export { uniqueName } from './unique-name';
// The ClickHouse engines an integration test runs against (embedded always, a server when configured).
export { clickHouseEngines, TestDatabases, uniqueDatabase, type ClickHouseEngineOptions } from './clickhouse-engines';
export { waitFor, type WaitForOptions } from './wait-for';
// A throwaway Redis Cluster of the test's own (the cluster specs of the Redis stores).
export { startRedisCluster, type LocalRedisCluster } from './redis-cluster';
// A process's state file in a temporary directory, opened again as after a restart (the journal specs).
export { tempStateFiles } from './temp-state-files';
export { createTopics, testKafkaClient } from './kafka-topics';
export { collectTopic, type CollectedMessage, type CollectTopicOptions, type TopicCollector } from './collect-topic';
// The fault harness: a broker and a Redis to stop, pause and restart, stages as processes to kill
// and scale, readiness observed over time, arrivals counted by id.
export * from './faults';
// A seeded mutation fuzzer for the fuzz specs of every reader of user input.
export { fuzzSeed, seededRandom, SeededMutator, type MutatorOptions } from './fuzz/seeded-mutator';
// The README's shipper snippets, which the shipper tests parse and run.
export { readmeSnippet, readmeSnippets } from './readme-snippets';
// Autoscaling bounds in deploy/ derived from the topics' configured partitions (the spec and tools/deploy).
export { composeTopicSettings, k8sScalingBounds, writeK8sScalingBounds, type ComposeTopicSettings, type ScalingBound } from './deploy/scaling-bounds';
// OpenAPI 3.1 validation of the services' documents (platform-http and all-in-one specs).
export { validateOpenApi } from './openapi-validation';
// A request with an API key, as the API specs send them.
export { bearerRequest } from './bearer-request';
// Requests sent byte for byte (traversal attempts) and a console build to serve (the console specs).
export { fakeConsoleBuild, rawRequest, type RawAnswer } from './raw-request';
// A real OpenID Connect provider on loopback (panva's oidc-provider), for the OIDC sign-in specs.
export { TestOidcProvider, TEST_OIDC_AUDIENCE, type TestOidcProviderOptions, type TestOidcUser } from './oidc/test-oidc-provider';
