import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { METRICS, type PipelineMetrics } from '@quell/platform-observability';
import { waitFor } from '@quell/platform-testing';
import { SyslogReceiver } from './syslog/syslog-receiver';
import { IngestHarness } from './test/ingest-harness';

const MAX_MESSAGE_BYTES = 1000;
const IDLE_TIMEOUT_MS = 2500;
const MAX_CONNECTIONS = 4;

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Resolves once the server closed the connection (or the peer saw it reset). */
function closedByServer(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.on('error', () => undefined);
    if (socket.destroyed || socket.readableEnded) resolve();
    else socket.once('close', () => resolve());
    socket.resume();
  });
}

function sendTcp(port: number, chunks: Array<string | Buffer>): Promise<void> {
  return open(port).then(
    (socket) =>
      new Promise((resolve) => {
        void (async () => {
          // Separate writes with pauses so frames arrive split across TCP segments.
          for (const chunk of chunks) {
            socket.write(chunk);
            await new Promise((r) => setTimeout(r, 20));
          }
          socket.end(() => resolve());
        })();
      }),
  );
}

function sendUdp(port: number, datagrams: Array<string | Buffer>): Promise<void> {
  const socket = createSocket('udp4');
  return Promise.all(datagrams.map((d) => new Promise<void>((resolve, reject) => socket.send(d, port, '127.0.0.1', (e) => (e ? reject(e) : resolve()))))).then(
    () => new Promise((resolve) => socket.close(() => resolve())),
  );
}

describe('syslog receivers against the real broker', () => {
  const harness = new IngestHarness();
  let ports: { tcp?: number; udp?: number };

  async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const found = harness.service.app.get<PipelineMetrics>(METRICS).registry.getSingleMetric(name);
    const values = (await found?.get())?.values ?? [];
    return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
  }
  const payloads = (pattern: string) => harness.rawEvents().map((r) => r.payload.toString()).filter((p) => p.includes(pattern));

  beforeAll(async () => {
    await harness.start({
      INGEST_SYSLOG_TCP_PORT: '0',
      INGEST_SYSLOG_UDP_PORT: '0',
      INGEST_SYSLOG_TENANT: 'acme',
      INGEST_SYSLOG_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
      INGEST_SYSLOG_TCP_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
      INGEST_SYSLOG_TCP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
    });
    ports = harness.service.app.get(SyslogReceiver).ports();
  }, 60_000);
  afterAll(() => harness.stop(), 30_000);

  it('frames TCP by octet counting and by newline, per message, across segments', async () => {
    const a = '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 - tcp-octet\nwith newline';
    const b = '<34>Oct 11 22:14:15 mymachine su: tcp-line one';
    const c = '<34>Oct 11 22:14:16 mymachine su: tcp-line two';
    const framed = `${Buffer.byteLength(a)} ${a}`;
    await sendTcp(ports.tcp!, [framed.slice(0, 20), framed.slice(20) + `${b}\n${c.slice(0, 10)}`, `${c.slice(10)}\n`]);
    const raws = await harness.waitForRaw(3, (raw) => raw.payload.toString().includes('tcp-'));
    expect(raws.map((r) => r.payload.toString())).toEqual([a, b, c]);
    expect(raws.map((r) => r.format)).toEqual(['syslog5424', 'syslog3164', 'syslog3164']);
    expect(raws[0]).toMatchObject({ tenant: 'acme', source: { type: 'syslog', name: 'syslog-tcp', host: expect.stringContaining('127.0.0.1') } });
  });

  it('reads what rsyslog (octet-counted RFC 5424 with its LF), syslog-ng and newline shippers send', async () => {
    // rsyslog omfwd TCP_Framing="octet-counted" with RSYSLOG_SyslogProtocol23Format counts the LF its template ends with.
    const rsyslog = '<86>1 2026-12-02T10:00:00.123456+00:00 web1 sshd 4242 - - Failed password for root from 192.0.2.7 port 5022 ssh2 shipper-rsyslog\n';
    // syslog-ng syslog() destination: octet counting, RFC 5424 with structured data, no trailer.
    const syslogNg = '<38>1 2026-12-02T10:00:01+01:00 web2 sudo - - [meta sequenceId="1"] alice : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/id shipper-ng';
    // syslog-ng network() / rsyslog legacy forwarding: BSD lines ended by LF.
    const plain = '<13>Dec  2 10:00:02 web3 app[7]: shipper-plain';
    const stream = `${Buffer.byteLength(rsyslog)} ${rsyslog}${Buffer.byteLength(syslogNg)} ${syslogNg}${plain}\n`;
    await sendTcp(ports.tcp!, [stream.slice(0, 50), stream.slice(50, 51), stream.slice(51)]);
    const raws = await harness.waitForRaw(3, (raw) => raw.payload.toString().includes('shipper-'));
    expect(raws.map((r) => r.payload.toString())).toEqual([rsyslog.trimEnd(), syslogNg, plain]);
    expect(raws.map((r) => r.format)).toEqual(['syslog5424', 'syslog5424', 'syslog3164']);
  });

  it('keeps newline-framed lines that start with digits (issue 9): none is taken for an octet count', async () => {
    const lines = ['12345 failed logins digit-line', '2026-12-02T10:00:00Z host app: digit-line iso', '42 is the answer digit-line', '7 digit-line'];
    await sendTcp(ports.tcp!, [`${lines[0]}\n${lines[1]}\n`, `${lines[2]}\n`, lines[3]]);
    const raws = await harness.waitForRaw(4, (raw) => raw.payload.toString().includes('digit-line'));
    expect(raws.map((r) => r.payload.toString())).toEqual(lines);
  });

  it('drops a line over the limit when its LF arrives later, keeps the connection and counts it', async () => {
    const before = await metric('quell_syslog_frames_dropped_total', { transport: 'tcp', reason: 'line_too_long' });
    const long = `<13>Dec  2 10:00:00 h app: too-long ${'x'.repeat(MAX_MESSAGE_BYTES)}`;
    await sendTcp(ports.tcp!, ['<13>Dec  2 10:00:00 h app: long-case before\n', long.slice(0, 600), long.slice(600), '\n<13>Dec  2 10:00:00 h app: long-case after\n']);
    const raws = await harness.waitForRaw(2, (raw) => raw.payload.toString().includes('long-case'));
    expect(raws.map((r) => r.payload.toString().slice(-6))).toEqual(['before', ' after']);
    expect(payloads('too-long')).toEqual([]);
    expect(await metric('quell_syslog_frames_dropped_total', { transport: 'tcp', reason: 'line_too_long' })).toBe(before + 1);
  });

  it('closes the connection on an octet count over the limit, after what came before, and counts it', async () => {
    const socket = await open(ports.tcp!);
    const closed = closedByServer(socket);
    socket.write(`<13>Dec  2 10:00:00 h app: overcount-before\n${MAX_MESSAGE_BYTES + 1} <13>overcount-frame`);
    await closed;
    await harness.waitForRaw(1, (raw) => raw.payload.toString().includes('overcount-before'));
    expect(await metric('quell_syslog_connections_closed_total', { reason: 'frame_too_long' })).toBe(1);
    expect(await metric('quell_syslog_frames_dropped_total', { reason: 'frame_too_long' })).toBe(1);
  });

  it('drops and counts a half octet-counted frame when the peer closes; a last line without LF counts', async () => {
    const before = await metric('quell_syslog_frames_dropped_total', { reason: 'incomplete_frame' });
    await sendTcp(ports.tcp!, ['<13>Dec  2 10:00:00 h app: half-case line\n', '500 <13>Dec  2 10:00:00 h app: half-case frame']);
    await sendTcp(ports.tcp!, ['<13>Dec  2 10:00:00 h app: half-case no-lf']);
    await harness.waitForRaw(2, (raw) => raw.payload.toString().includes('half-case'));
    await waitFor(async () => ((await metric('quell_syslog_frames_dropped_total', { reason: 'incomplete_frame' })) === before + 1 ? true : undefined), {
      description: 'incomplete frame counted',
      timeoutMs: 5000,
    });
    expect(payloads('half-case').sort()).toEqual(['<13>Dec  2 10:00:00 h app: half-case line', '<13>Dec  2 10:00:00 h app: half-case no-lf']);
  });

  it('closes idle connections, delivering a complete line they held, and refuses connections over the cap', async () => {
    const idle = await open(ports.tcp!);
    idle.write('<13>Dec  2 10:00:00 h app: idle-held');
    const idleClosed = closedByServer(idle);
    const others = await Promise.all(Array.from({ length: MAX_CONNECTIONS - 1 }, () => open(ports.tcp!)));
    const othersClosed = others.map(closedByServer);
    // The cap is reached: the next connection is accepted by the kernel, then closed by the server.
    const refused = await open(ports.tcp!);
    await closedByServer(refused);
    expect(await metric('quell_syslog_connections_refused_total')).toBe(1);
    await Promise.all([idleClosed, ...othersClosed]);
    expect(await metric('quell_syslog_connections_closed_total', { reason: 'idle_timeout' })).toBe(MAX_CONNECTIONS);
    await harness.waitForRaw(1, (raw) => raw.payload.toString().includes('idle-held'));
    // With the slots free again, a new connection is served.
    await sendTcp(ports.tcp!, ['<13>Dec  2 10:00:00 h app: after-cap\n']);
    await harness.waitForRaw(1, (raw) => raw.payload.toString().includes('after-cap'));
    await waitFor(async () => ((await metric('quell_syslog_tcp_connections')) === 0 ? true : undefined), { description: 'no connection left open', timeoutMs: 5000 });
  }, 20_000);

  it('takes one message per UDP datagram and counts oversized ones', async () => {
    await sendUdp(ports.udp!, [
      '<13>Feb  5 17:32:18 10.0.0.99 udp-one',
      '<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - udp-two\n',
      `<13>Feb  5 17:32:18 10.0.0.99 udp-big ${'z'.repeat(MAX_MESSAGE_BYTES)}`,
    ]);
    const raws = await harness.waitForRaw(2, (raw) => raw.payload.toString().includes('udp-'));
    expect(raws.map((r) => r.payload.toString()).sort()).toEqual([
      '<13>Feb  5 17:32:18 10.0.0.99 udp-one',
      '<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - udp-two',
    ]);
    expect(raws.every((r) => r.source.name === 'syslog-udp' && r.tenant === 'acme')).toBe(true);
    await waitFor(async () => ((await metric('quell_syslog_frames_dropped_total', { transport: 'udp', reason: 'datagram_too_long' })) === 1 ? true : undefined), {
      description: 'oversized datagram counted',
      timeoutMs: 5000,
    });
    expect(payloads('udp-big')).toEqual([]);
  });
});
