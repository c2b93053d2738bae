// The web console as an analyst uses it, in Debian's headless Chromium (playwright-core with its
// executablePath; nothing downloads a browser): the all-in-one with the demo, a change approved and
// an event it covers, then sign in, open the highest-priority incident, acknowledge it, see it on
// the timeline, open the change and its suppressed alert, and visit every page. axe-core checks each
// page against WCAG 2.1 A and AA; a screenshot of each is kept in .cache/artifacts/console/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort, TestOidcProvider } from '@quell/platform-testing';
import { killAllInOnes, ROOT, startAllInOne, stopAllInOne, untilReady, type AllInOneRun } from './test/all-in-one-child';

const KEY = 'quell-demo-key';
const CHROMIUM = process.env['QUELL_CHROMIUM'] ?? '/usr/bin/chromium';
// The flags that keep Chromium off this machine's closed network (no background fetches, no QUIC).
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(ROOT, '.cache', 'artifacts', 'console');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now, one readable line each. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run(options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: tags } });
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((n) => ({ target: n.target })) }));
  }, WCAG_21_AA);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function checkedPage(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 500));
  }
}

describe('the web console in headless Chromium', () => {
  jest.setTimeout(180_000);
  let run: AllInOneRun;
  let url: string;
  let browser: Browser;
  let changeId: string;
  let provider: TestOidcProvider;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', ...init.headers } });

  beforeAll(async () => {
    // A test run without Chromium is a failure, never a skip (`npm test` installs Debian's package).
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: npm test installs Debian's chromium package, or set QUELL_CHROMIUM`);
    if (!existsSync(join(ROOT, 'apps', 'console', 'dist', 'index.html'))) {
      expect(spawnSync('npm', ['run', 'build:console'], { cwd: ROOT, stdio: 'inherit' }).status).toBe(0);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // A real OIDC provider for the "Sign in with" flow: the console is its public client (code + PKCE).
    provider = await TestOidcProvider.start({
      users: {},
      publicClients: [{ client_id: 'quell-console', redirect_uris: [`${url}/`], grant_types: ['authorization_code'], response_types: ['code'] }],
      accountClaims: { preferred_username: 'alice', quell_tenant: 'demo', groups: ['quell-responders'] },
    });
    const oidc = { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'quell-console', OIDC_PROVIDER_NAME: 'Test IdP', OIDC_SCOPES: 'openid profile email quell', OIDC_TENANT_CLAIM: 'quell_tenant', OIDC_SCOPE_CLAIM: 'groups', OIDC_WRITE_VALUES: 'quell-responders' };
    run = startAllInOne({ PORT: String(port), CLICKHOUSE_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'quell-console-')), 'clickhouse'), ...oidc });
    await untilReady(url, run);

    // What an operator does before the night's maintenance: the change, approved.
    const now = Date.now();
    const created = await api('/v1/changes', {
      method: 'POST',
      body: JSON.stringify({
        title: 'Firewall maintenance', ticketRef: 'CHG0031', owner: 'netops', scope: { hosts: ['fw-01'] },
        windows: [{ start: new Date(now - 3_600_000).toISOString(), end: new Date(now + 3_600_000).toISOString(), timeZone: 'Europe/Berlin' }],
      }),
    });
    expect(created.status).toBe(201);
    changeId = ((await created.json()) as { change: { id: string } }).change.id;
    const approved = await api(`/v1/changes/${changeId}/approve`, { method: 'POST', headers: { 'If-Match': created.headers.get('etag') ?? '' }, body: JSON.stringify({ comment: 'CAB' }) });
    expect(approved.status).toBe(200);
    // A failed logon on the firewall inside the window: an alert the change explains.
    const event = { '@timestamp': new Date(now).toISOString(), event: { category: 'authentication', action: 'ssh_login', outcome: 'failure' }, host: { name: 'fw-01' }, user: { name: 'admin' }, source: { ip: '198.51.100.20' } };
    expect((await api('/v1/events', { method: 'POST', body: JSON.stringify(event) })).status).toBeLessThan(300);
    // A line that says it is CEF and is not: the normalizer dead-letters it, for the Dead letters page.
    expect((await api('/v1/events?format=cef', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'this line is not CEF' })).status).toBeLessThan(300);

    await until('the demo incidents', async () => {
      const page = (await (await api('/v1/incidents')).json()) as { items?: unknown[] };
      return page.items && page.items.length > 0 ? page.items : undefined;
    });
    await until('the suppressed alert', async () => {
      const page = (await (await api(`/v1/changes/${changeId}/suppressed-alerts`)).json()) as { alerts?: unknown[] };
      return page.alerts && page.alerts.length > 0 ? page.alerts : undefined;
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (run) await stopAllInOne(run);
    killAllInOnes();
    await provider?.close();
  });

  it('has an accessibility check that finds violations (so a clean page means something)', async () => {
    const page = await browser.newPage();
    await page.setContent('<html><body><img src="x.png"><input type="text"></body></html>');
    const found = (await accessibilityViolations(page)).map((line) => line.split(' ')[0]);
    expect(found).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'label']));
    await page.close();
  });

  it('signs in, works the highest-priority incident, shows the change and its suppressed alert, and every page passes axe', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

    await page.goto(`${url}/`);
    await expect(page.getByLabel('API key').isVisible()).resolves.toBe(true);
    await checkedPage(page, 'login');
    await page.getByLabel('API key').fill('not-the-key');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    await page.getByRole('region', { name: 'Counts by priority' }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(1).waitFor();
    await checkedPage(page, 'incidents');

    // The first row is the highest priority; its title link opens the incident.
    const first = rows.nth(1).getByRole('link').first();
    const title = (await first.textContent())?.trim() ?? '';
    await first.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    for (const section of ['Why this priority', 'Kill chain', 'Alerts', 'Sample events', 'Related changes', 'Similar incidents', 'Timeline']) {
      await page.getByRole('heading', { level: 2, name: section }).waitFor();
    }
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    const timeline = page.getByRole('list').filter({ hasText: 'acknowledged' });
    await timeline.first().waitFor();
    // By keyboard: Enter on Comment opens its form with the focus in it, typing and Enter on Save adds the entry.
    await page.getByRole('button', { name: 'Comment' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#comment-text:focus').waitFor();
    await page.keyboard.type('looked at it by keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('list').filter({ hasText: 'looked at it by keyboard' }).first().waitFor();
    await checkedPage(page, 'incident');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Change calendar' }).waitFor();
    await page.getByRole('region', { name: 'Week' }).waitFor();
    await checkedPage(page, 'changes');

    await page.goto(`${url}/#/changes/${changeId}`);
    await page.getByRole('heading', { level: 1, name: 'Firewall maintenance' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Suppressed alerts' }).waitFor();
    const suppressed = page.getByRole('table').filter({ hasText: 'fw-01' });
    await suppressed.first().waitFor();
    await checkedPage(page, 'change');

    // The funnel and rule hits read the history the incident manager records a moment after the incidents.
    await until('the funnel counting the alerts', async () => {
      const funnel = (await (await api('/v1/funnel?range=1h')).json()) as { stages?: { name: string; count: number }[] };
      return funnel.stages?.find((s) => s.name === 'alerts' && s.count > 0);
    });
    for (const [link, heading, name] of [['Rules', 'Rules', 'rules'], ['Funnel', 'Funnel', 'funnel'], ['Dead letters', 'Dead letters', 'dead-letters']]) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      if (name === 'rules') {
        await page.locator('td.num', { hasText: /^[1-9]/ }).first().waitFor();
        // A backtest of a rule over the last hour's history (POST /v1/backtests): its answer shows in the row.
        await page.getByRole('button', { name: 'Test on the last hour' }).first().click();
        await page.locator('.backtest', { hasText: /^[\d,]+ match(es)? in [\d,]+ events$/ }).first().waitFor();
      }
      if (name === 'funnel') {
        for (const stage of ['events', 'alerts', 'incidents']) await page.locator(`[aria-labelledby="stage-${stage}"]`, { hasText: /^[1-9]/ }).waitFor();
      }
      if (name === 'dead-letters') {
        // The CEF line's letter, stored by the incident-manager; the notifier's failures below it.
        await page.locator('code.preview', { hasText: 'this line is not CEF' }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'Delivery failures' }).waitFor();
        await page.getByRole('region', { name: 'Delivery failures' }).getByText(/No failed deliveries|Failed at/).first().waitFor();
      }
      expect(await page.getByText('not available').count()).toBe(0);
      await checkedPage(page, name);
    }

    // What the console did is what the API holds: the incident is acknowledged.
    const incidents = (await (await api('/v1/incidents?status=acknowledged')).json()) as { items: { title: string }[] };
    expect(incidents.items.map((i) => i.title)).toContain(title);
  });

  it('signs in with the OIDC provider (authorization code + PKCE) and acts as the user its token names', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}/#/incidents`);
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    // oidc-provider's development sign-in and consent pages, on the provider's own origin.
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    expect(page.url()).toBe(`${url}/#/incidents`);
    const token = await page.evaluate(() => sessionStorage.getItem('quell.apiKey'));
    expect(token?.split('.')).toHaveLength(3);

    // The token speaks for alice of the demo tenant with write (her group): she acknowledges, the timeline names her.
    const open = (await (await api('/v1/incidents?status=open')).json()) as { items: { id: string }[] };
    expect(open.items.length).toBeGreaterThan(0);
    await page.goto(`${url}/#/incidents/${open.items[0].id}`);
    // The demo may still be raising this incident's version: a 409 reloads it, and the button is pressed again.
    const byAlice = page.getByRole('list').filter({ hasText: 'acknowledged by alice' });
    await until('the acknowledgement by alice on the timeline', async () => {
      if ((await byAlice.count()) > 0) return true;
      const acknowledge = page.getByRole('button', { name: 'Acknowledge' });
      if ((await acknowledge.count()) > 0 && (await acknowledge.isEnabled())) await acknowledge.click();
      return undefined;
    });
    await page.screenshot({ path: join(ARTIFACTS, 'oidc-signed-in.png'), fullPage: true });
  });
});
