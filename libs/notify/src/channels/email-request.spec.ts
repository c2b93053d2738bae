import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { message } from '../test/notification-fixture';
import { emailRequest } from './email-request';
import { SmtpEmailSender } from './smtp-email.sender';

const user = 'quell';
const password = 'smtp-secret';

/** A real SMTP server on loopback (the smtp-server package): AUTH PLAIN/LOGIN required, every message parsed. */
async function startSmtp(): Promise<{ server: SMTPServer; port: number; received: { envelopeTo: string[]; mail: ParsedMail; raw: string }[] }> {
  const received: { envelopeTo: string[]; mail: ParsedMail; raw: string }[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, callback) => (auth.username === user && auth.password === password ? callback(null, { user }) : callback(new Error('Invalid username or password'))),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then((mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail, raw });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, received };
}

describe('e-mail over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let sender: SmtpEmailSender;
  const target = { from: 'Quell <quell@example.com>', to: ['soc@example.com', 'oncall@example.com'] };
  beforeAll(async () => {
    smtp = await startSmtp();
    sender = new SmtpEmailSender({ host: '127.0.0.1', port: smtp.port, secure: false, user, password });
  });
  afterAll(async () => {
    sender.close();
    await new Promise<void>((resolve) => smtp.server.close(resolve));
  });

  it('delivers plain text and HTML naming why, entities, rule and author, related changes and the link', async () => {
    const outcome = await sender.send(emailRequest(message('opened', { title: 'Login <script> & more' }), target));
    expect(outcome).toMatchObject({ accepted: ['soc@example.com', 'oncall@example.com'], rejected: [] });
    const { envelopeTo, mail, raw } = smtp.received.at(-1)!;
    expect(envelopeTo).toEqual(['soc@example.com', 'oncall@example.com']);
    expect(mail.from?.value).toEqual([{ address: 'quell@example.com', name: 'Quell' }]);
    expect(mail.subject).toBe('[Quell P1] opened: Login <script> & more');
    expect(mail.messageId).toBe('<opened.0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.acme@example.com>');
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    for (const part of ['Why: P1 because: high rule (+4)', 'factor: critical service payments ×2 (+4)', 'Entities: host web-1, ip 203.0.113.7, user alice',
      'Rule: Successful login after brute force (rule 5a1b2c3d-0000-4000-8000-000000000001) by Florian Roth (Nextron Systems)',
      'Related change: started 4 min after CHG0012345 on web-1', 'Incident: https://quell.example.com/console/#/incidents/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b']) {
      expect(mail.text).toContain(part);
    }
    expect(mail.html).toContain('Login &lt;script&gt; &amp; more');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('<a href="https://quell.example.com/console/#/incidents/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b">');
  });

  it('threads later transitions under the opening message', async () => {
    await sender.send(emailRequest(message('resolved'), target));
    const { mail } = smtp.received.at(-1)!;
    expect(mail.subject).toBe('[Quell P1] resolved: Brute force then successful login on web-1');
    expect(mail.inReplyTo).toBe('<opened.0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.acme@example.com>');
    expect(mail.messageId).toBe('<resolved.0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.acme@example.com>');
  });

  it('fails the submission when the relay refuses the credentials', async () => {
    const wrong = new SmtpEmailSender({ host: '127.0.0.1', port: smtp.port, secure: false, user, password: 'nope' });
    await expect(wrong.send(emailRequest(message(), target))).rejects.toThrow(/Invalid username or password/);
    wrong.close();
  });

  it('needs a sender address with a domain and a recipient', () => {
    expect(() => emailRequest(message(), { from: 'quell', to: ['a@example.com'] })).toThrow(/no address with a domain/);
    expect(() => emailRequest(message(), { from: 'quell@example.com', to: [] })).toThrow(/at least one recipient/);
  });
});
