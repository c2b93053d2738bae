import { extractFromMessage } from './message-extractors';

describe('extractFromMessage', () => {
  it('reads sshd failed logins, with and without "invalid user"', () => {
    expect(extractFromMessage('Failed password for invalid user admin from 192.0.2.10 port 40022 ssh2', 'sshd').fields).toEqual({
      'event.category': 'authentication',
      'event.action': 'ssh_login',
      'event.outcome': 'failure',
      'user.name': 'admin',
      'source.ip': '192.0.2.10',
      'source.port': '40022',
    });
    const r = extractFromMessage('Failed publickey for root from 2001:db8::1 port 22 ssh2', 'sshd');
    expect(r.fields).toMatchObject({ 'user.name': 'root', 'source.ip': '2001:db8::1' });
    expect(r.original['sshd.method']).toBe('publickey');
  });

  it('reads sshd accepted logins and invalid users', () => {
    expect(extractFromMessage('Accepted publickey for deploy from 198.51.100.4 port 50022 ssh2: RSA SHA256:abc', 'sshd').fields).toMatchObject({
      'event.outcome': 'success',
      'user.name': 'deploy',
      'source.port': '50022',
    });
    expect(extractFromMessage('Invalid user oracle from 198.51.100.7', 'sshd').fields).toMatchObject({
      'event.action': 'invalid_user',
      'event.outcome': 'failure',
      'user.name': 'oracle',
      'source.ip': '198.51.100.7',
    });
  });

  it('ignores sshd-looking text from another program', () => {
    expect(extractFromMessage('Failed password for root from 192.0.2.1 port 1 ssh2', 'cron').fields).toEqual({});
  });

  it('reads sudo commands and failures', () => {
    const ok = extractFromMessage('   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update ; echo done', 'sudo');
    expect(ok.fields).toEqual({
      'event.category': 'process',
      'event.action': 'sudo',
      'event.outcome': 'success',
      'user.name': 'alice',
      'user.target.name': 'root',
      'process.command_line': '/usr/bin/apt update ; echo done',
      'process.working_directory': '/home/alice',
    });
    const bad = extractFromMessage('bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh', 'sudo');
    expect(bad.fields['event.outcome']).toBe('failure');
    expect(bad.original['sudo.reason']).toBe('3 incorrect password attempts');
  });

  it('reads netfilter log lines with a prefix', () => {
    const r = extractFromMessage(
      '[ 5656.787838] [UFW BLOCK] IN=eth0 OUT= MAC=00:00 SRC=203.0.113.5 DST=10.0.0.2 LEN=40 TOS=0x00 PREC=0x00 TTL=245 ID=1 PROTO=TCP SPT=44321 DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0',
      'kernel',
    );
    expect(r.fields).toEqual({
      'event.category': 'network',
      'event.action': 'UFW BLOCK',
      'event.outcome': 'failure',
      'source.ip': '203.0.113.5',
      'destination.ip': '10.0.0.2',
      'source.port': '44321',
      'destination.port': '23',
      'network.transport': 'tcp',
      'observer.ingress.interface.name': 'eth0',
    });
    expect(r.original['FLAGS']).toBe('SYN');
    const accept = extractFromMessage('nft-accept: IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 PROTO=UDP SPT=53 DPT=5353', undefined);
    expect(accept.fields).toMatchObject({ 'event.action': 'nft-accept', 'event.outcome': 'success', 'network.transport': 'udp' });
  });

  it('reads an audit record carried in a syslog message, whatever the tag, and only one that starts as auditd writes it', () => {
    const r = extractFromMessage('node=web1 type=EXECVE msg=audit(1764670800.123:456): argc=2 a0="cat" a1="/etc/shadow"', 'anything');
    expect(r.original).toMatchObject({ node: 'web1', type: 'EXECVE', msg: 'audit(1764670800.123:456):', a0: 'cat', a1: '/etc/shadow' });
    expect(r.fields).toEqual({ 'process.command_line': 'cat /etc/shadow' });
    // A message that only quotes a record is not one (no type/msg pairs invented from prose).
    expect(extractFromMessage('saw type=EXECVE msg=audit(1764670800.123:456): in the log', 'logger')).toEqual({ fields: {}, original: {} });
  });

  it('returns nothing for other messages', () => {
    expect(extractFromMessage('just a line', undefined)).toEqual({ fields: {}, original: {} });
  });
});
