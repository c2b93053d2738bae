import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { SyslogReceiver } from './syslog/syslog-receiver';
import { IngestHarness } from './test/ingest-harness';

function sendTcp(port: number, chunks: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', async () => {
      // Separate writes with pauses so frames arrive split across TCP segments.
      for (const chunk of chunks) {
        socket.write(chunk);
        await new Promise((r) => setTimeout(r, 20));
      }
      socket.end(resolve);
    });
    socket.on('error', reject);
  });
}

function sendUdp(port: number, datagrams: string[]): Promise<void> {
  const socket = createSocket('udp4');
  return Promise.all(datagrams.map((d) => new Promise<void>((resolve, reject) => socket.send(d, port, '127.0.0.1', (e) => (e ? reject(e) : resolve()))))).then(
    () => new Promise((resolve) => socket.close(() => resolve())),
  );
}

describe('syslog receivers against the real broker', () => {
  const harness = new IngestHarness();
  let ports: { tcp?: number; udp?: number };

  beforeAll(async () => {
    await harness.start({ INGEST_SYSLOG_TCP_PORT: '0', INGEST_SYSLOG_UDP_PORT: '0', INGEST_SYSLOG_TENANT: 'acme' });
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

  it('takes one message per UDP datagram', async () => {
    await sendUdp(ports.udp!, ['<13>Feb  5 17:32:18 10.0.0.99 udp-one', '<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - udp-two\n']);
    const raws = await harness.waitForRaw(2, (raw) => raw.payload.toString().includes('udp-'));
    expect(raws.map((r) => r.payload.toString()).sort()).toEqual([
      '<13>Feb  5 17:32:18 10.0.0.99 udp-one',
      '<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - udp-two',
    ]);
    expect(raws.every((r) => r.source.name === 'syslog-udp' && r.tenant === 'acme')).toBe(true);
  });
});
