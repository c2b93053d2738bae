import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TOPIC_ROLES, TOPIC_SETTINGS, topicsFor } from '@quell/contracts';
import { composeTopicSettings, k8sScalingBounds, writeK8sScalingBounds } from './scaling-bounds';

const REPO_ROOT = path.resolve(__dirname, '../../../../..');

describe('autoscaling bounds derived from the topic configuration', () => {
  it('k8s: every ScaledObject allows as many replicas as its topics have partitions (run tools/deploy/scaling-bounds.ts to fix)', () => {
    const bounds = k8sScalingBounds();
    expect(bounds.map((b) => b.name).sort()).toEqual(['change-calendar', 'correlator', 'deduper', 'history-writer', 'incident-manager', 'ingest', 'normalizer', 'notifier']);
    for (const bound of bounds) expect({ [bound.file]: bound.written }).toEqual({ [bound.file]: bound.configured });
  });

  it('k8s: a partition count changed in config.yaml or a Deployment moves the bound, and the generator writes it', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'quell-deploy-'));
    cpSync(path.join(REPO_ROOT, 'deploy'), path.join(root, 'deploy'), { recursive: true });
    const config = path.join(root, 'deploy/k8s/config.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8').replace(/KAFKA_TOPIC_DEFAULT_PARTITIONS: "\d+"/, 'KAFKA_TOPIC_DEFAULT_PARTITIONS: "9"')}  KAFKA_TOPIC_SETTINGS: raw.partitions=12\n`);
    const drifted = k8sScalingBounds(root).filter((b) => b.written !== b.configured);
    expect(Object.fromEntries(drifted.map((b) => [b.name, b.configured]))).toMatchObject({ normalizer: 12, correlator: 9, notifier: 9 });

    const changed = writeK8sScalingBounds(root);
    expect(changed).toContain('normalizer.yaml');
    expect(k8sScalingBounds(root).filter((b) => b.written !== b.configured)).toEqual([]);
    // Only the number moved: the comments and the rest of the manifest are as they were.
    const before = readFileSync(path.join(REPO_ROOT, 'deploy/k8s/normalizer.yaml'), 'utf8');
    expect(readFileSync(path.join(root, 'deploy/k8s/normalizer.yaml'), 'utf8')).toBe(before.replace(/maxReplicaCount: \d+/, 'maxReplicaCount: 12'));
  });

  it("compose: the broker's default partitions are the services' topic partitions, and no replication factor exceeds its brokers", () => {
    const compose = composeTopicSettings();
    expect(compose.services.length).toBeGreaterThanOrEqual(7);
    for (const service of compose.services) {
      expect({ [service.name]: [...new Set(service.partitions)] }).toEqual({ [service.name]: [compose.brokerPartitions] });
      for (const factor of service.replicationFactors) expect(factor ?? 1).toBeLessThanOrEqual(compose.brokers);
    }
  });

  it("README: the topics table states the contracts' defaults", () => {
    const rows = [...readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').matchAll(/^\| `(\w+)` \| `([\w.-]+)` \| (delete|compact) \| ([^|]+) \|$/gm)];
    const day = 86_400_000;
    const retention = (ms: number | undefined) => (ms === undefined ? 'latest per key' : `${ms / day} days`);
    expect(rows.map((r) => r.slice(1, 5))).toEqual(
      TOPIC_ROLES.map((role) => [role, topicsFor()[role], TOPIC_SETTINGS[role].cleanupPolicy, retention(TOPIC_SETTINGS[role].retentionMs)]),
    );
  });
});
