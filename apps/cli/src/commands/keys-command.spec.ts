import { createHash } from 'node:crypto';
import { ApiKeyStore } from '@quell/platform-http';
import { runKeysCommand } from './keys-command';

function io(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), read: async () => stdin } };
}

describe('quell keys', () => {
  it('hash prints sha256:<hex> of the key read from standard input, without its newline', async () => {
    const run = io('s3cret-key\n');
    expect(await runKeysCommand(['hash'], run.io)).toBe(0);
    expect(run.out).toEqual([`sha256:${createHash('sha256').update('s3cret-key').digest('hex')}`]);
    expect(run.err).toEqual([]);
  });

  it('hash refuses an empty key, several lines, and a key on the command line', async () => {
    for (const [stdin, args] of [['\n', ['hash']], ['a\nb\n', ['hash']], ['a b', ['hash']], ['', ['hash', 'k']]] as const) {
      const run = io(stdin);
      expect(await runKeysCommand([...args], run.io)).toBe(1);
      expect(run.out).toEqual([]);
      expect(run.err[0]).toMatch(/^quell: /);
    }
  });

  it('new prints a random key and its hash, which a key store accepts', async () => {
    const run = io();
    expect(await runKeysCommand(['new'], run.io)).toBe(0);
    const [key, hash] = run.out;
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ApiKeyStore.fromList(`acme:shipper:write:${hash}`).principalOf(key)).toEqual({ tenant: 'acme', name: 'shipper', scope: 'write' });
    const again = io();
    await runKeysCommand(['new'], again.io);
    expect(again.out[0]).not.toBe(key);
  });
});

describe('quell keys --json', () => {
  it('prints one document: {hash} for hash, {key, hash} for new', async () => {
    const hashed = io('s3cret-key\n');
    expect(await runKeysCommand(['hash', '--json'], hashed.io)).toBe(0);
    expect(JSON.parse(hashed.out.join('\n'))).toEqual({ hash: `sha256:${createHash('sha256').update('s3cret-key').digest('hex')}` });
    const made = io();
    expect(await runKeysCommand(['new', '--json'], made.io)).toBe(0);
    const { key, hash } = JSON.parse(made.out.join('\n')) as { key: string; hash: string };
    expect(hash).toBe(`sha256:${createHash('sha256').update(key).digest('hex')}`);
  });
});
