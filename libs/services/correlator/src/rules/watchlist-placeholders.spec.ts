import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logonEvent } from '../test/correlator-test-event';
import { InProcessCorrelator } from '../test/correlator-harness';

const ADMIN_LOGON = `title: Administrator logon
id: 66666666-6666-4666-8666-666666666666
logsource: { category: authentication }
detection:
  selection:
    User|expand: '%admin_users%'
  condition: selection
level: medium
`;

/** Repeats `attempt` until it holds: a watchlist reload lands after a debounce, at no fixed time. */
async function repeatUntil(attempt: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await attempt())) if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
}

describe('Sigma expand placeholders from the watchlists', () => {
  let correlator: InProcessCorrelator;

  afterEach(async () => {
    await correlator.stop();
  });

  it('matches a user once admin_users lists it and stops once it is removed, without a restart', async () => {
    const watchlists = mkdtempSync(join(tmpdir(), 'quell-watchlists-'));
    const adminUsers = join(watchlists, 'admin_users.csv');
    writeFileSync(adminUsers, 'user\nroot\n');
    correlator = new InProcessCorrelator({ 'admin.yml': ADMIN_LOGON });
    await correlator.start(undefined, { WATCHLISTS_DIR: watchlists, WATCHLISTS_POLL_MS: '0', WATCHLISTS_DEBOUNCE_MS: '20' });
    const detected = (id: string) => correlator.alerts().some((a) => a.kind === 'detection' && a.sampleEventIds.includes(id));
    const logon = (user: string, seconds: number) => logonEvent('success', seconds, null, { user: { name: user, domain: null } });

    /** Sends a logon of alice and one of root (listed throughout); true when alice's matched. */
    const aliceMatches = async (seconds: number): Promise<boolean> => {
      const [alice, root] = [logon('alice', seconds), logon('root', seconds)];
      await correlator.send([alice, root]);
      await correlator.until(() => detected(root.id), 'the logon of root to match');
      await correlator.settle();
      return detected(alice.id);
    };

    expect(await aliceMatches(0)).toBe(false);
    writeFileSync(adminUsers, 'user\nroot\nalice\n');
    await repeatUntil(() => aliceMatches(10), 'alice to match once listed');
    expect(correlator.alerts().find((a) => a.kind === 'detection' && a.entities.some((e) => e.value === 'alice'))?.rule.id).toBe('66666666-6666-4666-8666-666666666666');

    writeFileSync(adminUsers, 'user\nroot\n');
    await repeatUntil(async () => !(await aliceMatches(20)), 'alice to stop matching once removed');
    expect(await aliceMatches(30)).toBe(false);
  });
});
