import { changeDraftSchema, type ChangeLimits } from '../change-input';
import type { ImportedChange, ImportRowError, ItsmSource } from './import-types';

// Where each part of a draft came from in the export, so a validation error names the export's field.
const SOURCE_FIELDS: Record<ItsmSource, Record<string, string>> = {
  servicenow: { title: 'short_description', ticketRef: 'number', owner: 'assigned_to', scope: 'cmdb_ci', windows: 'start_date/end_date' },
  jira: {
    title: 'Summary', ticketRef: 'Issue key', owner: 'Assignee', scope: 'Custom field (Affected services)',
    windows: 'Custom field (Change start date)/Custom field (Change completion date)',
  },
};

/**
 * The calendar's own rules for a change (lengths, window limits, time zone, non-empty scope), the
 * same the API applies, so an import cannot bring in what a user could not type. The schema is
 * built once per import: building it costs more than checking a row.
 */
export function importedDraftChecker(limits: ChangeLimits): (change: ImportedChange) => ImportRowError[] {
  const schema = changeDraftSchema(limits);
  return (change) => {
    const parsed = schema.safeParse(change);
    if (parsed.success) return [];
    return parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      return { row: change.row, ticketRef: change.ticketRef, field: SOURCE_FIELDS[change.source][path[0]] ?? (path.join('.') || '(row)'), reason: issue.message };
    });
  };
}
