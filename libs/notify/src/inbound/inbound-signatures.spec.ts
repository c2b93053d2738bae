import { signWebhookPayload } from '@quell/calendar';
import { hmacSha256Hex } from './hmac-hex';
import { verifyInbound } from './inbound-provider';
import { verifyPagerDutySignature } from './pagerduty-signature';
import { verifySlackSignature } from './slack-signature';
import { parseTenantSecrets } from './tenant-secrets';

// Slack's worked example (docs.slack.dev, "Verifying requests from Slack").
const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const SLACK_TIMESTAMP = '1531420618';
const SLACK_BODY = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SLACK_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT_SLACK_EXAMPLE = Number(SLACK_TIMESTAMP) * 1000 + 30_000;

describe('inbound signatures', () => {
  const slack = { rawBody: SLACK_BODY, signature: SLACK_SIGNATURE, timestamp: SLACK_TIMESTAMP, secrets: [SLACK_SECRET], now: AT_SLACK_EXAMPLE };

  it('accepts Slack\'s documented example signature', () => {
    expect(verifySlackSignature(slack)).toMatchObject({ ok: true, timestamp: 1531420618 });
    expect(verifySlackSignature({ ...slack, secrets: ['rotated-new-secret-000', SLACK_SECRET] })).toMatchObject({ ok: true });
  });

  it('refuses Slack requests older than five minutes, altered, or signed with another secret', () => {
    expect(verifySlackSignature({ ...slack, now: Number(SLACK_TIMESTAMP) * 1000 + 301_000 })).toMatchObject({ ok: false, reason: 'timestamp-outside-tolerance' });
    expect(verifySlackSignature({ ...slack, rawBody: SLACK_BODY.replace('roadrunner', 'coyote') })).toMatchObject({ ok: false, reason: 'signature-mismatch' });
    expect(verifySlackSignature({ ...slack, secrets: ['another-secret-0000'] })).toMatchObject({ ok: false, reason: 'signature-mismatch' });
    expect(verifySlackSignature({ ...slack, signature: undefined })).toMatchObject({ ok: false, reason: 'missing-header' });
    expect(verifySlackSignature({ ...slack, signature: 'v1=abc' })).toMatchObject({ ok: false, reason: 'malformed-header' });
    expect(verifySlackSignature({ ...slack, secrets: [] })).toMatchObject({ ok: false, reason: 'no-secret' });
  });

  it('accepts a PagerDuty v3 body when any of several v1 signatures matches, refuses it otherwise', () => {
    const body = '{"event":{"event_type":"incident.acknowledged"}}';
    const secret = 'pd-webhook-secret-0123';
    const good = `v1=${hmacSha256Hex(secret, body)}`;
    const other = `v1=${hmacSha256Hex('old-secret-000000000', body)}`;
    expect(verifyPagerDutySignature({ rawBody: body, header: `${other},${good}`, secrets: [secret] })).toMatchObject({ ok: true });
    expect(verifyPagerDutySignature({ rawBody: `${body} `, header: good, secrets: [secret] })).toMatchObject({ ok: false, reason: 'signature-mismatch' });
    expect(verifyPagerDutySignature({ rawBody: body, header: 'sha256=abc', secrets: [secret] })).toMatchObject({ ok: false, reason: 'malformed-header' });
    expect(verifyPagerDutySignature({ rawBody: body, header: undefined, secrets: [secret] })).toMatchObject({ ok: false, reason: 'missing-header' });
  });

  it('verifies Jira and ServiceNow with Quell\'s t=,v1= scheme in X-Quell-Signature, refusing an old timestamp', () => {
    const rawBody = Buffer.from('{"state":"6"}');
    const secret = 'snow-inbound-secret-01';
    const now = Date.parse('2026-12-03T08:00:00Z');
    const headers = { 'x-quell-signature': signWebhookPayload(rawBody, secret, now / 1000) };
    expect(verifyInbound('servicenow', { rawBody, headers }, [secret], now)).toMatchObject({ ok: true });
    expect(verifyInbound('jira', { rawBody, headers }, [secret], now + 301_000)).toMatchObject({ ok: false, reason: 'timestamp-outside-tolerance' });
  });

  it('verifies a Jira admin webhook\'s own X-Hub-Signature sha256= over the body', () => {
    const rawBody = Buffer.from('{"webhookEvent":"jira:issue_updated"}');
    const secret = 'jira-admin-webhook-secret';
    const headers = { 'x-hub-signature': `sha256=${hmacSha256Hex(secret, rawBody)}` };
    expect(verifyInbound('jira', { rawBody, headers }, [secret], 0)).toMatchObject({ ok: true });
    expect(verifyInbound('jira', { rawBody, headers: { 'x-hub-signature': `sha256=${hmacSha256Hex('other-secret-000000', rawBody)}` } }, [secret], 0)).toMatchObject({ ok: false, reason: 'signature-mismatch' });
    expect(verifyInbound('jira', { rawBody, headers: { 'x-hub-signature': 'sha1=abc' } }, [secret], 0)).toMatchObject({ ok: false, reason: 'malformed-header' });
  });

  it('reads tenant:secret lists, a tenant twice while rotating, naming a bad entry by position only', () => {
    expect(parseTenantSecrets('acme:0123456789abcdef, acme:fedcba9876543210,globex:secret-secret-123')).toEqual(new Map([
      ['acme', ['0123456789abcdef', 'fedcba9876543210']], ['globex', ['secret-secret-123']],
    ]));
    expect(parseTenantSecrets(undefined).size).toBe(0);
    expect(() => parseTenantSecrets('acme:0123456789abcdef,globex:short')).toThrow('entry 2 is not tenant:secret with a secret of at least 16 characters');
  });
});
