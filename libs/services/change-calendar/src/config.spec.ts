import { ConfigError, loadConfig } from '@quell/platform-config';
import { changeCalendarConfigSchema } from './config';

const load = (env: Record<string, string>) => loadConfig(changeCalendarConfigSchema, { BUS: 'memory', ...env });

describe('change-calendar configuration', () => {
  it('has defaults for every calendar key', () => {
    const config = load({});
    expect(config).toMatchObject({ CHANGE_MAX_WINDOW_HOURS: 72, CHANGE_SEARCH_MAX_LIMIT: 500, CHANGE_IMPORT_MAX_BODY_BYTES: 10 * 1024 * 1024 });
    // Without keys or secrets the service starts, and refuses every call.
    expect([config.CHANGE_CALENDAR_API_KEYS, config.CHANGE_WEBHOOK_SECRETS]).toEqual([undefined, undefined]);
  });

  it('reads Jira field names as a map', () => {
    expect(load({ CHANGE_JIRA_FIELD_NAMES: 'customfield_10005=Change start date, customfield_10006=Change completion date' }).CHANGE_JIRA_FIELD_NAMES).toEqual({
      customfield_10005: 'Change start date',
      customfield_10006: 'Change completion date',
    });
  });

  it.each([
    ['CHANGE_CALENDAR_API_KEYS', 'acme:writer:superuser:key'],
    ['CHANGE_WEBHOOK_SECRETS', 'acme:short'],
    ['CHANGE_JIRA_FIELD_NAMES', 'Change start date'],
    ['CHANGE_MAX_WINDOW_HOURS', '0'],
  ])('refuses a bad %s at start-up, naming it but not its value', (key, value) => {
    let error: unknown;
    try {
      load({ [key]: value });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(key);
    if (key !== 'CHANGE_JIRA_FIELD_NAMES' && key !== 'CHANGE_MAX_WINDOW_HOURS') expect((error as Error).message).not.toContain(value);
  });
});
