import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { topicsFor } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { normalizerConfigSchema } from './config';
import { HISTORY_WRITER_GROUP } from './event-history.handler';

const ROOT = resolve(__dirname, '../../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface K8sDoc {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: {
    triggers?: { metadata: { consumerGroup: string; topic: string } }[];
    template?: { spec: { containers: { args: string[]; env: { name: string; value: string }[] }[] } };
  };
}

const k8sDocs = (file: string) => parseAllDocuments(read(join('deploy/k8s', file))).map((doc) => doc.toJS() as K8sDoc);

/** The config a k8s Deployment's container boots with: the shared ConfigMap, then its own env. */
function k8sConfig(file: string) {
  const shared = k8sDocs('config.yaml').find((d) => d.kind === 'ConfigMap')?.data ?? {};
  const container = k8sDocs(file).find((d) => d.kind === 'Deployment')?.spec?.template?.spec.containers[0];
  const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
  return { args: container?.args, config: loadConfig(normalizerConfigSchema, { ...shared, ...env }) };
}

describe('normalizer and history-writer deployments', () => {
  it('k8s: the normalizer image runs as two deployments, one per role, scaled on the lag of its own group', () => {
    const normalize = k8sConfig('normalizer.yaml');
    const history = k8sConfig('history-writer.yaml');
    expect(normalize.args).toEqual(['normalizer']);
    expect(history.args).toEqual(['normalizer']);
    expect(normalize.config.NORMALIZER_ROLES).toEqual(['normalize']);
    expect(history.config).toMatchObject({ NORMALIZER_ROLES: ['history'], SERVICE_NAME: 'history-writer' });
    const topics = topicsFor(history.config.TOPIC_PREFIX);
    const triggers = (file: string) => k8sDocs(file).find((d) => d.kind === 'ScaledObject')?.spec?.triggers?.map((t) => [t.metadata.consumerGroup, t.metadata.topic]);
    expect(triggers('normalizer.yaml')).toEqual([[`${normalize.config.KAFKA_GROUP_PREFIX}.normalizer`, topics.raw]]);
    expect(triggers('history-writer.yaml')).toEqual([[`${history.config.KAFKA_GROUP_PREFIX}.${HISTORY_WRITER_GROUP}`, topics.events]]);
    expect(parse(read('deploy/k8s/kustomization.yaml')).resources).toEqual(expect.arrayContaining(['normalizer.yaml', 'history-writer.yaml']));
  });

  it('compose: a normalize-only normalizer and a history-only history-writer on their own ports', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { command: string[]; environment: Record<string, unknown> }> };
    const configOf = (name: string) => loadConfig(normalizerConfigSchema, Object.fromEntries(Object.entries(compose.services[name].environment).map(([k, v]) => [k, String(v)])));
    expect(compose.services['history-writer'].command).toEqual(['normalizer']);
    expect(configOf('normalizer')).toMatchObject({ NORMALIZER_ROLES: ['normalize'], HTTP_PORT: 8081 });
    expect(configOf('history-writer')).toMatchObject({ NORMALIZER_ROLES: ['history'], HTTP_PORT: 8087, SERVICE_NAME: 'history-writer' });
    const ports = Object.values(compose.services).map((s) => s.environment?.['HTTP_PORT']).filter((p) => p !== undefined);
    expect(new Set(ports).size).toBe(ports.length);
  });
});
