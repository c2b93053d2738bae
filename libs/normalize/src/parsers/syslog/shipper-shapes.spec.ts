import type { Event, RawEvent } from '@quell/contracts';
import { normalizeRecord } from '../../normalize-record';

const RECEIVED = Date.parse('2026-12-02T10:00:00Z');

function normalize(format: string | null, payload: string): Event {
  const raw: RawEvent = {
    id: 'raw-1',
    tenant: 'acme',
    receivedAt: RECEIVED,
    source: { type: 'kafka', name: 'shippers', host: null },
    format,
    contentType: 'application/octet-stream',
    payload: Buffer.from(payload),
    attributes: {},
  };
  return normalizeRecord(raw, RECEIVED);
}

// rsyslog 8.2302's stock template RSYSLOG_SyslogProtocol23Format, as omkafka ships it:
// "<%PRI%>1 %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME% %PROCID% %MSGID% %STRUCTURED-DATA% %msg%\n"
// where %msg% of a line received BSD-style keeps the space after `tag:`.
const PROTOCOL23 = (app: string, pid: string, msg: string): string => `<38>1 2026-12-02T09:59:00.000000+00:00 web-1 ${app} ${pid} - -  ${msg}\n`;

describe('records as real shippers send them', () => {
  it('rsyslog RSYSLOG_SyslogProtocol23Format: sshd and sudo lines normalize despite the leading space', () => {
    const sshd = normalize('syslog5424', PROTOCOL23('sshd', '4242', 'Failed password for root from 203.0.113.9 port 51234 ssh2'));
    expect(sshd).toMatchObject({ className: 'authentication', outcome: 'failure', user: { name: 'root' }, src: { ip: '203.0.113.9' } });
    expect(sshd.message).toBe('Failed password for root from 203.0.113.9 port 51234 ssh2');
    const sudo = normalize('syslog5424', PROTOCOL23('sudo', '-', '   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/cat /etc/shadow'));
    expect(sudo.className).not.toBe('other');
    expect(sudo.user?.name).toBe('alice');
  });

  it('rsyslog RSYSLOG_SyslogProtocol23Format: the trailing newline neither breaks iptables lines nor stays in the message', () => {
    const line = 'IN=eth0 OUT= MAC=00 SRC=198.51.100.7 DST=10.0.0.5 LEN=60 PROTO=TCP SPT=40000 DPT=22 SYN';
    const event = normalize('syslog5424', PROTOCOL23('kernel', '-', `[UFW BLOCK] ${line}`));
    expect(event.className).not.toBe('other');
    expect(event.src?.ip).toBe('198.51.100.7');
    expect(event.dst?.port).toBe(22);
    expect(event.message).toBe(`[UFW BLOCK] ${line}`);
  });

  // Filebeat 8 system module with output.kafka: the ingest pipeline never runs, the line stays in `message`.
  const filebeatRaw = (dataset: string, line: string): string =>
    JSON.stringify({
      '@timestamp': '2026-12-02T09:59:00.000Z',
      message: line,
      event: { module: 'system', dataset },
      fileset: { name: dataset.split('.')[1] },
      input: { type: 'log' },
      log: { file: { path: dataset === 'system.auth' ? '/var/log/auth.log' : '/var/log/syslog' }, offset: 1024 },
      host: { name: 'web-1' },
      agent: { type: 'filebeat', version: '8.11.0' },
      ecs: { version: '8.0.0' },
    });

  it('Filebeat system module over Kafka (raw message): sshd, sudo and iptables are extracted', () => {
    const sshd = normalize(null, filebeatRaw('system.auth', 'Dec  2 09:59:00 web-1 sshd[4242]: Failed password for invalid user admin from 203.0.113.9 port 51234 ssh2'));
    expect(sshd).toMatchObject({ className: 'authentication', outcome: 'failure', user: { name: 'admin' }, src: { ip: '203.0.113.9' } });
    expect(sshd.process?.name).toBe('sshd');
    expect(sshd.process?.pid).toBe(4242);
    const sudo = normalize(null, filebeatRaw('system.auth', 'Dec  2 09:59:01 web-1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/cat /etc/shadow'));
    expect(sudo.className).not.toBe('other');
    expect(sudo.user?.name).toBe('alice');
    const iptables = normalize(
      null,
      filebeatRaw('system.syslog', 'Dec  2 09:59:02 web-1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.7 DST=10.0.0.5 LEN=60 PROTO=TCP SPT=40000 DPT=22\n'),
    );
    expect(iptables.className).not.toBe('other');
    expect(iptables.src?.ip).toBe('198.51.100.7');
  });

  it('journald-style documents (process name beside the bare text) are extracted too; an ECS category is left alone', () => {
    const journald = normalize(null, JSON.stringify({ message: 'Accepted publickey for bob from 10.0.2.2 port 63673 ssh2', process: { name: 'sshd' } }));
    expect(journald).toMatchObject({ className: 'authentication', outcome: 'success', user: { name: 'bob' } });
    const parsed = normalize(
      null,
      JSON.stringify({ message: 'sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2', event: { category: ['authentication', 'session'], outcome: 'success' }, user: { name: 'carol' } }),
    );
    // Filebeat's auth pipeline sends several categories (fixed in 93f0a53); the document's fields win over the line.
    expect(parsed).toMatchObject({ className: 'authentication', outcome: 'success', user: { name: 'carol' } });
  });

  it('a JSON message that is no known log line adds nothing', () => {
    const event = normalize(null, JSON.stringify({ message: 'user: Failed password for root from 203.0.113.9 port 1 ssh2' }));
    expect(event.className).toBe('other');
    expect(event.src?.ip ?? null).toBeNull();
  });
});
