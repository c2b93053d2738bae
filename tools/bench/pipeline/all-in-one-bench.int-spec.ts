import { rmSync } from 'node:fs';
import { withAllInOne } from './all-in-one-bench';
import { parseOptions } from './bench-options';
import { calibrate, phaseStream, runPhase } from './phase';
import { allTemplates } from './traffic-mix';
import { WebhookSink } from './webhook-sink';

// `npm run bench` prints figures and CI does not run it, so it broke unseen twice: the all-in-one
// moved to one port, and grouping folded the bench's alert-raising events into a few incidents.
// This drives its harness once, briefly, to keep what it measures true.
describe('the all-in-one benchmark harness', () => {
  it('starts the all-in-one, and each alert-raising event it sends arrives as the incident it opens', async () => {
    const options = parseOptions(['--quick', '--rules=10', '--log-level=warn']);
    const sink = new WebhookSink();
    const webhookUrl = await sink.start();
    try {
      const phase = await withAllInOne(options, sink, webhookUrl, options.rules, async (target) => {
        const calibration = await calibrate(target, allTemplates(), 'smoke-cal', 2_000);
        expect(calibration.alerting.length).toBeGreaterThan(0);
        return runPhase(target, { label: 'smoke', events: 3_000, clients: 2, idleMs: 10_000, stream: phaseStream(calibration, 100, 500, 'smoke') });
      });
      expect(phase.events).toBe(3_000);
      expect(phase.incidents).toBeGreaterThan(0);
      expect(phase.missing).toBe(0);
    } finally {
      await sink.stop();
      rmSync(options.workDir, { recursive: true, force: true });
    }
  }, 240_000);
});
