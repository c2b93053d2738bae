import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { TOPIC_ROLES, topicsFor, type TopicRole } from '@quell/contracts';
import { baseServiceSchema, loadConfig, resolveTopicSettings } from '@quell/platform-config';

// The Kubernetes autoscaling bounds follow the topics' configured partitions: replicas of a
// consumer group beyond its topic's partitions get no work. One source, deploy/k8s/config.yaml's
// KAFKA_TOPIC_* keys (or a Deployment's own env); `tools/deploy/scaling-bounds.ts` writes the
// bounds, and the spec beside this file fails when a manifest or docker-compose.yml disagrees.

const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const K8S_DIR = 'deploy/k8s';

interface K8sDoc {
  kind?: string;
  metadata?: { name?: string };
  data?: Record<string, string>;
  spec?: {
    maxReplicaCount?: number;
    scaleTargetRef?: { name: string };
    triggers?: { type: string; metadata: { topic?: string } }[];
    template?: { spec: { containers: { env?: { name: string; value?: string }[] }[] } };
  };
}

/** One KEDA ScaledObject: its bound as written and as the configuration wants it. */
export interface ScalingBound {
  file: string;
  name: string;
  topics: string[];
  written: number | undefined;
  /** The most partitions among its trigger topics: a replica can get work up to this many. */
  configured: number;
}

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');
const docsOf = (root: string, file: string) => parseAllDocuments(read(root, file)).map((d) => d.toJS() as K8sDoc);

/** Partitions per topic name under a service environment (the same keys a service boots with). */
function partitionsByTopic(env: Record<string, string>): Map<string, number> {
  const config = loadConfig(baseServiceSchema({ serviceName: 'deploy-check', httpPort: 8080 }), env);
  const settings = resolveTopicSettings(config);
  const names = topicsFor(config.TOPIC_PREFIX);
  return new Map(TOPIC_ROLES.map((role: TopicRole) => [names[role], settings[role].partitions]));
}

/** Every ScaledObject of the kustomization, with the bound its Deployment's configuration implies. */
export function k8sScalingBounds(root = REPO_ROOT): ScalingBound[] {
  const shared = docsOf(root, `${K8S_DIR}/config.yaml`).find((d) => d.kind === 'ConfigMap')?.data ?? {};
  const files = (parse(read(root, `${K8S_DIR}/kustomization.yaml`)) as { resources: string[] }).resources;
  const bounds: ScalingBound[] = [];
  for (const file of files) {
    const docs = docsOf(root, `${K8S_DIR}/${file}`);
    for (const scaled of docs.filter((d) => d.kind === 'ScaledObject')) {
      const target = docs.find((d) => d.kind === 'Deployment' && d.metadata?.name === scaled.spec?.scaleTargetRef?.name);
      const ownEnv = target?.spec?.template?.spec.containers[0]?.env ?? [];
      const env = { ...shared, ...Object.fromEntries(ownEnv.filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string])) };
      const partitions = partitionsByTopic(env);
      const topics = (scaled.spec?.triggers ?? []).filter((t) => t.type === 'kafka').map((t) => t.metadata.topic ?? '');
      const unknown = topics.filter((t) => !partitions.has(t));
      if (unknown.length > 0) throw new Error(`${file}: ScaledObject ${scaled.metadata?.name} scales on ${unknown.join(', ')}, not a Quell topic under its TOPIC_PREFIX`);
      bounds.push({ file, name: scaled.metadata?.name ?? '', topics, written: scaled.spec?.maxReplicaCount, configured: Math.max(...topics.map((t) => partitions.get(t) ?? 0)) });
    }
  }
  return bounds;
}

/** Writes each differing maxReplicaCount in place (comments kept); returns the files changed. */
export function writeK8sScalingBounds(root = REPO_ROOT): string[] {
  const changed: string[] = [];
  for (const bound of k8sScalingBounds(root).filter((b) => b.written !== b.configured)) {
    const file = path.join(root, K8S_DIR, bound.file);
    const documents = readFileSync(file, 'utf8').split(/^(?=---$)/m);
    const updated = documents.map((doc) =>
      /^kind: ScaledObject$/m.test(doc) && new RegExp(`^  name: ${bound.name}$`, 'm').test(doc) ? doc.replace(/^( {2}maxReplicaCount: )\d+$/m, `$1${bound.configured}`) : doc,
    );
    writeFileSync(file, updated.join(''));
    changed.push(bound.file);
  }
  return changed;
}

/** What docker-compose.yml's broker and services say about topics. */
export interface ComposeTopicSettings {
  /** The broker's num.partitions (topics created by hand or by a shipper without a count). */
  brokerPartitions: number | undefined;
  brokers: number;
  /** Per Quell service: its topics' partitions and replication factors as it would create them. */
  services: { name: string; partitions: number[]; replicationFactors: (number | undefined)[] }[];
}

export function composeTopicSettings(root = REPO_ROOT): ComposeTopicSettings {
  type Service = { image?: string; command?: string[]; environment?: Record<string, unknown> };
  const compose = parse(read(root, 'docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
  const kafka = Object.values(compose.services).filter((s) => s.image?.startsWith('apache/kafka'));
  const quell = Object.entries(compose.services).filter(([, s]) => s.environment?.['BUS'] === 'kafka');
  return {
    brokerPartitions: kafka[0]?.environment?.['KAFKA_NUM_PARTITIONS'] === undefined ? undefined : Number(kafka[0].environment['KAFKA_NUM_PARTITIONS']),
    brokers: kafka.length,
    services: quell.map(([name, service]) => {
      const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
      const config = loadConfig(baseServiceSchema({ serviceName: name, httpPort: 8080 }), env);
      const settings = Object.values(resolveTopicSettings(config));
      return { name, partitions: settings.map((s) => s.partitions), replicationFactors: settings.map((s) => s.replicationFactor) };
    }),
  };
}
