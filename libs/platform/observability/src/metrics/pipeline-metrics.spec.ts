import { PipelineMetrics } from './pipeline-metrics';

describe('PipelineMetrics', () => {
  it('renders the pipeline metrics in Prometheus text with the service label', async () => {
    const metrics = new PipelineMetrics({ service: 'deduper' });
    metrics.recordsIn.inc({ topic: 'quell.alerts.screened.v1' }, 3);
    metrics.recordsOut.inc({ topic: 'quell.alerts.unique.v1' });
    metrics.recordFailure('quell.alerts.screened.v1', 'dead_letter');
    metrics.handlerDuration.observe({ topic: 'quell.alerts.screened.v1' }, 0.02);
    metrics.consumerLag.set({ group: 'quell.deduper', topic: 'quell.alerts.screened.v1', partition: '0' }, 17);

    const text = await metrics.render();
    expect(text).toContain('quell_records_in_total{topic="quell.alerts.screened.v1",service="deduper"} 3');
    expect(text).toContain('quell_records_out_total{topic="quell.alerts.unique.v1",service="deduper"} 1');
    expect(text).toContain('quell_records_failed_total{topic="quell.alerts.screened.v1",reason="dead_letter",service="deduper"} 1');
    expect(text).toContain('quell_handler_duration_seconds_bucket{le="0.025",service="deduper",topic="quell.alerts.screened.v1"} 1');
    expect(text).toContain('quell_consumer_lag{group="quell.deduper",topic="quell.alerts.screened.v1",partition="0",service="deduper"} 17');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('gives each instance its own registry so many can coexist', async () => {
    const a = new PipelineMetrics({ service: 'a', collectDefaults: false });
    const b = new PipelineMetrics({ service: 'b', collectDefaults: false });
    a.recordsIn.inc({ topic: 't' });
    expect(await a.render()).toContain('quell_records_in_total{topic="t",service="a"} 1');
    expect(await b.render()).not.toContain('quell_records_in_total{');
    expect(await b.render()).not.toContain('process_cpu');
  });
});
