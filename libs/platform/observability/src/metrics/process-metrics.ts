import { collectDefaultMetrics, Registry } from 'prom-client';

export interface ProcessMetricsOptions {
  /** `service` label of the process-wide metrics (CPU, memory, event loop, GC), e.g. `all-in-one`. */
  service: string;
  /** Node process metrics; on by default. */
  collectDefaults?: boolean;
}

/**
 * The one metrics exposition of a process that runs several services (the all-in-one mode).
 * Node's process metrics are collected once here — each collection keeps an event-loop delay
 * monitor and a GC observer running, so seven of them kept an idle process busy — and every
 * service's registry is rendered with them, families merged by name, so any of the process's
 * /metrics ports answers for all services (each series keeps its `service` label).
 */
export class ProcessMetrics {
  private readonly processRegistry = new Registry();
  private readonly serviceRegistries: Registry[] = [];

  constructor(options: ProcessMetricsOptions) {
    this.processRegistry.setDefaultLabels({ service: options.service });
    if (options.collectDefaults ?? true) collectDefaultMetrics({ register: this.processRegistry });
  }

  /** Adds a service's registry (its default `service` label kept) to what render() shows. */
  include(registry: Registry): void {
    if (!this.serviceRegistries.includes(registry)) this.serviceRegistries.push(registry);
  }

  /**
   * Prometheus text of every registry. A family (e.g. quell_records_in_total) that several
   * services register appears once, HELP and TYPE first: Prometheus rejects a repeated family.
   */
  async render(): Promise<string> {
    const families = new Map<string, string[]>();
    for (const registry of [this.processRegistry, ...this.serviceRegistries]) {
      const names = registry.getMetricsAsArray().map((metric) => metric.name);
      const texts = await Promise.all(names.map((name) => registry.getSingleMetricAsString(name)));
      names.forEach((name, index) => {
        const seen = families.get(name);
        if (!seen) families.set(name, [texts[index]]);
        // Help texts have their line ends escaped, so the first two lines are HELP and TYPE.
        else seen.push(...texts[index].split('\n').slice(2));
      });
    }
    const blocks = [...families.values()].map((lines) => lines.filter((line) => line !== '').join('\n'));
    return `${blocks.join('\n\n')}\n`;
  }

  get contentType(): string {
    return this.processRegistry.contentType;
  }
}
