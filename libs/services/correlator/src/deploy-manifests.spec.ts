import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { WatchlistDirectory } from './intel/watchlist-directory';
import { DirectoryRuleCatalog } from './rules-api';
import { WINDOWS_GROUP } from './windows/matches.handler';

const ROOT = resolve(__dirname, '../../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface K8sDoc {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: { triggers?: { metadata: { consumerGroup: string; topic: string } }[]; template?: { spec: { containers: { env: { name: string; value: string }[] }[]; volumes: { name: string; configMap: { name: string } }[] } } };
}

function k8sDocs(file: string): K8sDoc[] {
  return parseAllDocuments(read(join('deploy/k8s', file))).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as K8sDoc;
  });
}

const samplesOf = (dir: string) => Object.fromEntries(readdirSync(join(ROOT, dir)).sort().map((f) => [f, read(join(dir, f))]));

describe('correlator deployment manifests', () => {
  it('k8s: the rules and watchlist ConfigMaps carry the samples, mounted at RULES_DIR and WATCHLISTS_DIR', () => {
    const [rules, watchlists] = k8sDocs('correlator-content.yaml');
    expect(rules.data).toEqual(samplesOf('deploy/samples/rules'));
    expect(watchlists.data).toEqual(samplesOf('deploy/samples/watchlists'));
    const deployment = k8sDocs('correlator.yaml').find((d) => d.kind === 'Deployment');
    const pod = deployment?.spec?.template?.spec;
    expect(pod?.volumes.map((v) => v.configMap.name).sort()).toEqual([rules.metadata.name, watchlists.metadata.name].sort());
    expect(pod?.containers[0].env).toEqual(expect.arrayContaining([{ name: 'RULES_DIR', value: '/etc/quell/rules' }, { name: 'WATCHLISTS_DIR', value: '/etc/quell/watchlists' }]));
    expect(parse(read('deploy/k8s/kustomization.yaml')).resources).toContain('correlator-content.yaml');
  });

  it('the sample rules and watchlists load without an error', async () => {
    const catalog = new DirectoryRuleCatalog({ dir: join(ROOT, 'deploy/samples/rules'), watch: false, pollIntervalMs: 0 });
    expect(await catalog.start()).toMatchObject({ outcome: 'clean' });
    catalog.stop();
    const watchlists = new WatchlistDirectory({ dir: join(ROOT, 'deploy/samples/watchlists'), watch: false, pollIntervalMs: 0 });
    await watchlists.start();
    watchlists.stop();
    expect(watchlists.status().map((f) => [f.list, f.indicators, f.errors.length])).toEqual([
      ['admin_users', 2, 0],
      ['blocked_ips', 1, 0],
    ]);
  });

  it('every k8s manifest is valid YAML', () => {
    for (const file of readdirSync(join(ROOT, 'deploy/k8s'))) expect(k8sDocs(file).length).toBeGreaterThan(0);
  });

  it('k8s: KEDA scales the correlator on the lag of both stages', () => {
    const scaled = k8sDocs('correlator.yaml').find((d) => d.kind === 'ScaledObject');
    expect(scaled?.spec?.triggers?.map((t) => [t.metadata.consumerGroup, t.metadata.topic])).toEqual([
      ['quell.correlator', 'quell.events.v1'],
      [`quell.${WINDOWS_GROUP}`, 'quell.matches.v1'],
    ]);
  });

  it('compose: the correlator gets the sample rules and watchlists', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { environment: Record<string, unknown>; volumes?: string[] }>; volumes: Record<string, unknown> };
    const correlator = compose.services['correlator'];
    expect(correlator.environment).toMatchObject({ BUS: 'kafka', RULES_DIR: '/app/deploy/samples/rules', WATCHLISTS_DIR: '/var/lib/quell/watchlists', HTTP_PORT: 8082 });
    expect(correlator.volumes).toEqual(['correlator-rules:/app/deploy/samples/rules', './deploy/samples/watchlists:/var/lib/quell/watchlists:ro']);
    expect(Object.keys(compose.volumes)).toContain('correlator-rules');
  });
});
