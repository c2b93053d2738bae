import { EMPTY_SERVICE_CATALOG, parseServiceCatalog, ServiceCatalogError } from './service-catalog';

const CATALOG = `version: 1
businessHours:
  timeZone: Europe/Berlin
  start: "08:00"
  end: "18:00"
services:
  payments: { criticality: critical, team: payments-sre }
  wiki: { criticality: low }
tenants:
  globex:
    businessHours: { timeZone: America/New_York, days: [mon, tue, wed, thu, fri, sat], start: "07:30", end: "24:00" }
    services:
      wiki: { criticality: high }
`;

function problemsOf(text: string): string[] {
  try {
    parseServiceCatalog(text, 'services.yaml');
  } catch (error) {
    if (error instanceof ServiceCatalogError) return error.problems;
    throw error;
  }
  throw new Error('expected the catalog to be refused');
}

describe('parseServiceCatalog', () => {
  it('reads shared services and hours, and lets a tenant override both', () => {
    const catalog = parseServiceCatalog(CATALOG, 'services.yaml');
    const acme = catalog.tenant('acme');
    expect(acme.businessHours).toEqual({ timeZone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], startMinute: 480, endMinute: 1080 });
    expect(acme.services.get('payments')).toEqual({ criticality: 'critical', team: 'payments-sre' });
    const globex = catalog.tenant('globex');
    expect(globex.businessHours).toMatchObject({ timeZone: 'America/New_York', startMinute: 450, endMinute: 1440 });
    expect(globex.services.get('wiki')).toEqual({ criticality: 'high' });
    expect(globex.services.get('payments')?.criticality).toBe('critical');
  });

  it('defaults to no services and 08:00–18:00 Monday to Friday UTC', () => {
    const tenant = EMPTY_SERVICE_CATALOG.tenant('any');
    expect(tenant.services.size).toBe(0);
    expect(tenant.businessHours).toEqual({ timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], startMinute: 480, endMinute: 1080 });
  });

  it('names the file, line and key of every mistake at once', () => {
    const text = ['version: 1', 'businessHours:', '  timeZone: Mars/Olympus', '  start: "18:00"', '  end: "8:00"', 'services:', '  payments: { criticality: urgent }', '  wiki: { criticality: low, owner: bob }'].join('\n');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^services\.yaml:3: businessHours\.timeZone: not an IANA time zone/),
      expect.stringMatching(/^services\.yaml:5: businessHours\.end: expected HH:MM/),
      expect.stringMatching(/^services\.yaml:7: services\.payments\.criticality: .*critical/),
      expect.stringMatching(/^services\.yaml:8: services\.wiki: .*owner/),
    ]);
  });

  it('refuses hours that end before they start, a missing version, a repeated key and broken YAML', () => {
    expect(problemsOf('version: 1\nbusinessHours: { timeZone: UTC, start: "18:00", end: "08:00" }\n')).toEqual([expect.stringMatching(/^services\.yaml:2: businessHours: start must be before end/)]);
    expect(problemsOf('services: {}\n')).toEqual([expect.stringMatching(/^services\.yaml:1: version: /)]);
    expect(problemsOf('version: 1\nservices:\n  a: { criticality: low }\n  a: { criticality: high }\n')).toEqual([expect.stringMatching(/^services\.yaml:4: YAML: .*a/)]);
    expect(problemsOf('version: 1\nservices: [\n')).toEqual([expect.stringMatching(/^services\.yaml:\d+: YAML: /)]);
  });

  it('refuses a service name that could not be a service, naming it', () => {
    expect(problemsOf('version: 1\nservices:\n  "pay ments": { criticality: low }\n')).toEqual([expect.stringMatching(/^services\.yaml:3: services\.pay ments: a service name is/)]);
  });
});
