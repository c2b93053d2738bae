import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFieldResolver } from './field-resolver';
import { belongsToLogsource, routingKeyOf } from './logsource-router';
import { loadMappingPipelines, MappingPipelineError, parseMappingPipeline } from './mapping-pipeline-loader';
import { SHIPPED_PIPELINES_DIR } from './shipped-pipelines';
import { eventWith } from './sigma-test-events.test-util';

const sshd = (message: string, outcome = 'failure') =>
  eventWith({ hostname: 'web1', tag: 'sshd', pid: '4242', 'sshd.method': 'password' }, { className: 'authentication', outcome, message, process: { pid: 4242, name: 'sshd', executable: null, commandLine: null, parentName: null, parentCommandLine: null, parentExecutable: null, parentPid: null, hash: null } });

const pipeline = (sources: string) => `name: test\nsources:\n${sources}`;
const problem = (text: string) => {
  try {
    parseMappingPipeline(text, 'user/p.yml');
  } catch (error) {
    if (error instanceof MappingPipelineError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('mapping pipeline files', () => {
  it('refuse what cannot be used, naming the file and the key', () => {
    expect(problem(pipeline('  - id: x\n    when: {process.name: sshd}\n    logsource: {product: linux}\n    fields: {User: rawText}\n'))).toMatch(/^user\/p\.yml: sources\.0\.fields\.User: "rawText": the raw record is searched with keywords/);
    expect(problem(pipeline('  - id: x\n    when: {proces.name: sshd}\n    logsource: {product: linux}\n'))).toMatch(/^user\/p\.yml: sources\.0\.when\.proces\.name: "proces\.name" is not an Event field/);
    expect(problem(pipeline('  - id: x\n    when: {}\n    logsource: {product: linux}\n'))).toMatch(/^user\/p\.yml: sources\.0\.when: at least one condition/);
    expect(problem(pipeline('  - id: x\n    when: {process.name: sshd}\n    logsource: {product: linux, servce: sshd}\n'))).toMatch(/^user\/p\.yml: sources\.0\.logsource: .*servce/);
    expect(problem('name: test\nsources: [\n')).toMatch(/^user\/p\.yml:\d+: YAML: /);
  });

  it('refuse a source id defined twice across folders, naming both files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-pipelines-'));
    writeFileSync(join(dir, 'mine.yml'), pipeline('  - id: linux-sshd\n    when: {process.name: sshd}\n    logsource: {product: linux}\n'));
    expect(() => loadMappingPipelines([dir, SHIPPED_PIPELINES_DIR])).toThrow(/linux\.yml: sources: id "linux-sshd" is already defined in .*mine\.yml/);
    expect(() => loadMappingPipelines([join(dir, 'missing')])).toThrow(/missing: cannot read the pipeline folder \(ENOENT\)/);
  });

  it('a user folder comes first: its source takes the events it names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-pipelines-'));
    writeFileSync(join(dir, 'mine.yml'), pipeline('  - id: my-sshd\n    when: {process.name: sshd, original.hostname: web1}\n    logsource: {product: linux, service: openssh}\n    fields: {Method: original.sshd.method}\n'));
    const pipelines = loadMappingPipelines([dir, SHIPPED_PIPELINES_DIR]);
    const event = sshd('Failed password for root from 203.0.113.7 port 50022 ssh2');
    expect(pipelines.sourceOf(event)?.id).toBe('my-sshd');
    expect(belongsToLogsource({ product: 'linux', service: 'openssh' }, event, pipelines)).toBe(true);
    expect(createFieldResolver({ pipelines })(event, 'Method')).toBe('password');
  });
});

describe('the shipped Linux pipeline', () => {
  const failed = sshd('Failed password for root from 203.0.113.7 port 50022 ssh2');

  it('routes an sshd syslog line to linux/sshd, linux/auth and category authentication, not to sudo or Windows', () => {
    expect(belongsToLogsource({ product: 'linux', service: 'sshd' }, failed)).toBe(true);
    expect(belongsToLogsource({ product: 'linux', service: 'auth' }, failed)).toBe(true);
    expect(belongsToLogsource({ product: 'linux', category: 'authentication' }, failed)).toBe(true);
    expect(belongsToLogsource({ category: 'authentication' }, failed)).toBe(true);
    expect(belongsToLogsource({ product: 'linux', service: 'sudo' }, failed)).toBe(false);
    expect(belongsToLogsource({ product: 'windows', service: 'security' }, failed)).toBe(false);
    expect(belongsToLogsource({ product: 'linux', category: 'process_creation' }, failed)).toBe(false);
  });

  it('resolves ECS and Sigma names on the normalized Event (the sample failed-logon rule reads event.outcome)', () => {
    const resolve = createFieldResolver();
    expect(resolve(failed, 'event.outcome')).toBe('failure');
    expect(resolve(sshd('Accepted password for alice', 'success'), 'event.outcome')).toBe('success');
    expect(resolve(failed, 'AuthMethod')).toBe('password');
  });

  it('leaves Windows event log records to THOR\'s map, even Windows OpenSSH\'s sshd', () => {
    const windowsSshd = eventWith({ Channel: 'OpenSSH/Operational', EventID: '4' }, { process: { ...failed.process!, name: 'sshd' } });
    expect(belongsToLogsource({ product: 'linux', service: 'sshd' }, windowsSshd)).toBe(false);
    expect(belongsToLogsource({ product: 'windows', service: 'openssh' }, windowsSshd)).toBe(true);
  });

  it('gives events of different pipeline sources different routing keys', () => {
    const sudo = eventWith({ hostname: 'web1', tag: 'sudo' }, { ...failed, process: { ...failed.process!, name: 'sudo' } });
    expect(routingKeyOf(failed)).not.toBe(routingKeyOf(sudo));
  });
});
