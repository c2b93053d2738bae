import { createHmac } from 'node:crypto';
import { signWebhookPayload, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec_test_only_not_a_real_secret';
const body = '{"result":{"number":"CHG0031001","approval":"approved"}}';
const now = Date.parse('2026-03-14T00:00:00Z');
const t = now / 1000;

describe('verifyWebhookSignature', () => {
  it('accepts a body signed with the shared secret within the tolerance', () => {
    const header = signWebhookPayload(body, SECRET, t - 10);
    expect(verifyWebhookSignature({ rawBody: Buffer.from(body), header, secrets: [SECRET], now })).toEqual({
      ok: true, timestamp: t - 10, signature: header.split('v1=')[1],
    });
  });

  it('signs HMAC-SHA256 over "<t>.<raw body>" in hex, as Stripe does', () => {
    const expected = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
    expect(signWebhookPayload(body, SECRET, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('rejects an altered body, another secret or a moved timestamp', () => {
    const header = signWebhookPayload(body, SECRET, t);
    const verdict = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({ rawBody: body, header, secrets: [SECRET], now, ...over });
    expect(verdict({ rawBody: body.replace('approved', 'rejected') })).toMatchObject({ ok: false, reason: 'signature-mismatch' });
    expect(verdict({ secrets: ['another'] })).toMatchObject({ ok: false, reason: 'signature-mismatch' });
    expect(verdict({ header: header.replace(`t=${t}`, `t=${t - 1}`) })).toMatchObject({ ok: false, reason: 'signature-mismatch' });
  });

  it('rejects a replay older than the tolerance, and a timestamp too far ahead, saying by how much', () => {
    const old = signWebhookPayload(body, SECRET, t - 301);
    expect(verifyWebhookSignature({ rawBody: body, header: old, secrets: [SECRET], now })).toEqual({
      ok: false, reason: 'timestamp-outside-tolerance', message: expect.stringMatching(/301 s from now, more than the 300 s allowed/),
    });
    const future = signWebhookPayload(body, SECRET, t + 600);
    expect(verifyWebhookSignature({ rawBody: body, header: future, secrets: [SECRET], now, toleranceSeconds: 900 }).ok).toBe(true);
    expect(verifyWebhookSignature({ rawBody: body, header: future, secrets: [SECRET], now }).ok).toBe(false);
  });

  it('accepts during secret rotation: either secret, and a header carrying one v1 per secret', () => {
    const byOld = signWebhookPayload(body, 'old-secret', t);
    expect(verifyWebhookSignature({ rawBody: body, header: byOld, secrets: [SECRET, 'old-secret'], now }).ok).toBe(true);
    const both = `${signWebhookPayload(body, 'old-secret', t)},v1=${signWebhookPayload(body, SECRET, t).split('v1=')[1]}`;
    expect(verifyWebhookSignature({ rawBody: body, header: both, secrets: [SECRET], now }).ok).toBe(true);
  });

  it.each([
    [undefined, 'missing-header', /header is missing/],
    ['', 'missing-header', /header is missing/],
    ['garbage', 'malformed-header', /not key=value/],
    [`v1=${'a'.repeat(64)}`, 'malformed-header', /no t=/],
    [`t=${t}`, 'malformed-header', /no v1=/],
    [`t=${t},v1=abc`, 'malformed-header', /64 hex digits/],
    [`t=soon,v1=${'a'.repeat(64)}`, 'malformed-header', /unix seconds/],
    [`t=${t},t=${t},v1=${'a'.repeat(64)}`, 'malformed-header', /once/],
  ])('rejects header %p as %s with a reason', (header, reason, message) => {
    expect(verifyWebhookSignature({ rawBody: body, header, secrets: [SECRET], now })).toEqual({ ok: false, reason, message: expect.stringMatching(message) });
  });

  it('ignores other schemes in the header and refuses to verify with no secret configured', () => {
    const header = `${signWebhookPayload(body, SECRET, t)},v0=deadbeef`;
    expect(verifyWebhookSignature({ rawBody: body, header, secrets: [SECRET], now }).ok).toBe(true);
    expect(verifyWebhookSignature({ rawBody: body, header, secrets: [''], now })).toMatchObject({ ok: false, reason: 'no-secret' });
  });
});
