import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Event } from '@quell/contracts';
import { normalizeRecord } from '@quell/normalize';
import { readmeSnippet, readmeSnippets } from '@quell/platform-testing';
import { rawEventFromShipper } from '../raw-event.factory';
import { parseTopicSpecs, type TopicSpec } from './topic-spec';

const ROOT = join(__dirname, '../../../../..');
const SNIPPETS = readmeSnippets();
const snippet = readmeSnippet;
const declared: TopicSpec[] = parseTopicSpecs(/^INGEST_KAFKA_TOPICS=(.+)$/m.exec(snippet('ingest'))![1]);

/** One record of a shipper's shape on its README topic, through ingest's wrapping and the normalizer. */
function shipped(topic: string, value: string): Event {
  const spec = declared.find((s) => s.topic === topic);
  if (!spec) throw new Error(`topic ${topic} is not declared in the README's INGEST_KAFKA_TOPICS`);
  const record = { topic, partition: 0, offset: '0', timestamp: Date.parse('2026-12-02T10:00:00Z'), headers: {}, value: Buffer.from(value) };
  const raw = rawEventFromShipper(record, { format: spec.format, tenant: spec.tenant, tenantFromHeader: false }, record.timestamp);
  expect(raw.tenant).toBe('acme');
  return normalizeRecord(raw, record.timestamp);
}

const one = (pattern: RegExp, text: string): string => {
  const match = pattern.exec(text);
  if (!match) throw new Error(`${pattern} not found in:\n${text}`);
  return match[1];
};

const SSHD_LINE = 'Dec  2 09:59:00 web-1 sshd[4242]: Failed password for root from 203.0.113.9 port 51234 ssh2';
const IPTABLES_LINE = 'Dec  2 09:59:02 web-1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.7 DST=10.0.0.5 LEN=60 PROTO=TCP SPT=40000 DPT=22';

describe("the README's shipper snippets", () => {
  it('has one for rsyslog, Vector, Fluent Bit, Filebeat and Winlogbeat, and a declaration ingest accepts for their topics', () => {
    // Other READMEs snippets (the notifier's routing file) share the marker; these must be among them.
    expect([...SNIPPETS.keys()]).toEqual(expect.arrayContaining(['filebeat', 'fluent-bit', 'ingest', 'rsyslog', 'vector', 'winlogbeat']));
    expect(declared.map((s) => s.tenant)).toEqual(declared.map(() => 'acme'));
  });

  it('rsyslog: omkafka with the stock RSYSLOG_SyslogProtocol23Format on a syslog topic normalizes sshd lines', () => {
    const text = snippet('rsyslog');
    expect(text).toContain('module(load="omkafka")');
    expect(one(/template="([^"]+)"/, text)).toBe('RSYSLOG_SyslogProtocol23Format');
    // The template: "<%PRI%>1 %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME% %PROCID% %MSGID% %STRUCTURED-DATA% %msg%\n".
    const event = shipped(one(/topic="([^"]+)"/, text), '<38>1 2026-12-02T09:59:00.123456+00:00 web-1 sshd 4242 - -  Failed password for root from 203.0.113.9 port 51234 ssh2\n');
    expect(event).toMatchObject({ className: 'authentication', outcome: 'failure', user: { name: 'root' }, src: { ip: '203.0.113.9' } });
  });

  it("Vector: the kafka sink's JSON of a file-source line normalizes it", () => {
    const text = snippet('vector');
    expect(one(/^encoding\.codec = "([^"]+)"/m, text)).toBe('json');
    expect(one(/^type = "(kafka)"/m, text)).toBe('kafka');
    const line = { file: '/var/log/auth.log', host: 'web-1', message: SSHD_LINE, source_type: 'file', timestamp: '2026-12-02T09:59:00.123Z' };
    const event = shipped(one(/^topic = "([^"]+)"/m, text), JSON.stringify(line));
    expect(event).toMatchObject({ className: 'authentication', outcome: 'failure', host: { name: 'web-1' }, src: { ip: '203.0.113.9' } });
  });

  it('Fluent Bit: tail with Key message and the kafka output in JSON normalizes iptables lines', () => {
    const text = snippet('fluent-bit');
    expect(one(/^\s*Key\s+(\S+)/m, text)).toBe('message');
    expect(one(/^\s*Format\s+(\S+)/m, text)).toBe('json');
    // Fluent Bit's kafka output adds @timestamp as seconds (Timestamp_Format double).
    const event = shipped(one(/^\s*Topics\s+(\S+)/m, text), JSON.stringify({ '@timestamp': 1764669542.123, message: IPTABLES_LINE }));
    expect(event).toMatchObject({ className: 'network', src: { ip: '198.51.100.7' }, dst: { ip: '10.0.0.5', port: 22 } });
    expect(event.time).toBe(1764669542123);
  });

  it("Filebeat: the system module's raw line and an already parsed ECS document with several categories both normalize", () => {
    const config = parseYaml(snippet('filebeat')) as Record<string, { topic: string; 'codec.json'?: unknown }>;
    const topic = config['output.kafka'].topic;
    expect(config['output.kafka']).toHaveProperty(['codec.json']);
    const raw = { '@timestamp': '2026-12-02T09:59:01.000Z', message: 'Dec  2 09:59:01 web-1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/cat /etc/shadow', event: { module: 'system', dataset: 'system.auth' }, host: { name: 'web-1' } };
    const sudo = shipped(topic, JSON.stringify(raw));
    expect(sudo.className).not.toBe('other');
    expect(sudo.user?.name).toBe('alice');
    const parsed = { '@timestamp': '2026-12-02T09:59:00.000Z', message: 'Accepted publickey for bob from 10.0.2.2 port 63673 ssh2', event: { category: ['authentication', 'session'], type: ['start', 'info'], outcome: 'success', action: 'ssh_login' }, user: { name: 'bob' }, source: { ip: '10.0.2.2' }, process: { name: 'sshd', pid: 3402 } };
    expect(shipped(topic, JSON.stringify(parsed))).toMatchObject({ className: 'authentication', outcome: 'success', user: { name: 'bob' } });
  });

  it("Winlogbeat: its JSON on a windows topic normalizes (Elastic's golden 4719 record)", () => {
    const config = parseYaml(snippet('winlogbeat')) as Record<string, { topic: string }>;
    const fixture = JSON.parse(readFileSync(join(ROOT, 'libs/normalize/fixtures/windows/winlogbeat.jsonl'), 'utf8').split('\n')[0]) as { input: string };
    const event = shipped(config['output.kafka'].topic, fixture.input);
    expect(event).toMatchObject({ className: 'config_change', code: '4719', host: { name: 'win-41ob2lo92cr.wlbeat.local' } });
  });
});
