import { Counter } from 'prom-client';
import { PipelineMetrics } from './pipeline-metrics';
import { ProcessMetrics } from './process-metrics';

function count(text: string, fragment: string): number {
  return text.split(fragment).length - 1;
}

describe('ProcessMetrics', () => {
  it('renders the services of one process together: process metrics once, each family once, every series with its service', async () => {
    const process = new ProcessMetrics({ service: 'all-in-one' });
    const ingest = new PipelineMetrics({ service: 'ingest', process });
    const deduper = new PipelineMetrics({ service: 'deduper', process });
    ingest.recordsOut.inc({ topic: 'raw' }, 2);
    deduper.recordsIn.inc({ topic: 'screened' }, 3);
    deduper.handlerDuration.observe({ topic: 'screened' }, 0.02);
    // A service's own metric, registered on its registry as services do.
    new Counter({ name: 'quell_syslog_messages_total', help: 'Syslog messages.', registers: [ingest.registry] }).inc(4);

    const text = await ingest.render();
    const quellLines = (rendered: string) => rendered.split('\n').filter((line) => line.includes('quell_'));
    expect(quellLines(await deduper.render())).toEqual(quellLines(text));
    expect(ingest.contentType).toMatch(/^text\/plain/);

    expect(count(text, '# TYPE process_cpu_user_seconds_total counter')).toBe(1);
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="all-in-one"\} /m);
    expect(count(text, '# HELP quell_records_in_total ')).toBe(1);
    expect(count(text, '# TYPE quell_handler_duration_seconds histogram')).toBe(1);
    expect(text).toContain('quell_records_out_total{topic="raw",service="ingest"} 2');
    expect(text).toContain('quell_records_in_total{topic="screened",service="deduper"} 3');
    expect(text).toContain('quell_handler_duration_seconds_count{service="deduper",topic="screened"} 1');
    expect(text).toContain('quell_syslog_messages_total{service="ingest"} 4');

    // A family's samples follow its own HELP/TYPE, never another family's.
    const block = text.split('\n\n').find((b) => b.startsWith('# HELP quell_records_in_total '))!;
    expect(block.split('\n')).toEqual([
      '# HELP quell_records_in_total Records consumed, per topic.',
      '# TYPE quell_records_in_total counter',
      'quell_records_in_total{topic="screened",service="deduper"} 3',
    ]);
    const outBlock = text.split('\n\n').find((b) => b.startsWith('# HELP quell_records_out_total '))!;
    expect(outBlock.split('\n')).toEqual([
      '# HELP quell_records_out_total Records produced, per topic.',
      '# TYPE quell_records_out_total counter',
      'quell_records_out_total{topic="raw",service="ingest"} 2',
    ]);
  });

  it('renders the samples of a family that several services hold under one HELP and TYPE', async () => {
    const process = new ProcessMetrics({ service: 'all-in-one', collectDefaults: false });
    const a = new PipelineMetrics({ service: 'a', process });
    const b = new PipelineMetrics({ service: 'b', process });
    a.recordsIn.inc({ topic: 't' });
    b.recordsIn.inc({ topic: 't' }, 2);

    const text = await a.render();
    expect(text).not.toContain('process_cpu');
    const block = text.split('\n\n').find((x) => x.startsWith('# HELP quell_records_in_total '))!;
    expect(block.split('\n')).toEqual([
      '# HELP quell_records_in_total Records consumed, per topic.',
      '# TYPE quell_records_in_total counter',
      'quell_records_in_total{topic="t",service="a"} 1',
      'quell_records_in_total{topic="t",service="b"} 2',
    ]);
  });
});
