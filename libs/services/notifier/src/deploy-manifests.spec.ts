import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { parseRoutingFile } from '@quell/notify';

const ROOT = resolve(__dirname, '../../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const docsOf = (file: string) => parseAllDocuments(read(join('deploy/k8s', file))).map((doc) => doc.toJS());

interface Pod {
  containers: { env: { name: string; value: string }[]; volumeMounts: { name: string; mountPath: string }[] }[];
  volumes: { name: string; configMap: { name: string } }[];
}

/**
 * The deployments hand a sample file to a service: k8s through a ConfigMap that must equal the
 * sample, mounted where the service's variable points; compose by mounting the sample itself.
 */
describe('the sample routing file and policy in the deployments', () => {
  const cases = [
    { sample: 'notify-routes.yaml', content: 'notifier-content.yaml', deployment: 'notifier.yaml', variable: 'NOTIFY_ROUTES_FILE', service: 'notifier' },
    { sample: 'screening-policy.yaml', content: 'change-calendar-content.yaml', deployment: 'change-calendar.yaml', variable: 'CHANGE_SCREENING_POLICY_FILE', service: 'change-calendar' },
  ];

  it.each(cases)('k8s: $content carries deploy/samples/$sample, mounted at $variable', ({ sample, content, deployment, variable }) => {
    const [configMap] = docsOf(content);
    expect(configMap.data).toEqual({ [sample]: read(join('deploy/samples', sample)) });
    const pod = docsOf(deployment).find((doc) => doc.kind === 'Deployment').spec.template.spec as Pod;
    const volume = pod.volumes.find((v) => v.configMap.name === configMap.metadata.name);
    const mount = pod.containers[0].volumeMounts.find((m) => m.name === volume?.name);
    expect(pod.containers[0].env).toContainEqual({ name: variable, value: `${mount?.mountPath}/${sample}` });
    expect(parse(read('deploy/k8s/kustomization.yaml')).resources).toContain(content);
  });

  it.each(cases)('compose: $service mounts deploy/samples/$sample', ({ sample, service }) => {
    const volumes: string[] = parse(read('docker-compose.yml')).services[service].volumes;
    expect(volumes.some((v) => v.startsWith(`./deploy/samples/${sample}:`))).toBe(true);
  });

  it('the sample routing file parses with the channel variables secret.example.yaml lists', () => {
    const secrets = docsOf('secret.example.yaml')[0].stringData as Record<string, string>;
    const table = parseRoutingFile(read('deploy/samples/notify-routes.yaml'), 'notify-routes.yaml', secrets);
    expect(table.routes.map((route) => [route.name, route.to])).toEqual([['urgent', ['soc-slack']], ['chat', ['soc-slack']], ['record', ['soc-webhook']]]);
    expect(table.routes[0].escalation).toEqual({ afterMs: 900_000, targets: ['soc-slack'] });
  });
});
