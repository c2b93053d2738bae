import type { ChangeScope, ChangeWindow } from '@quell/contracts';

/** The ITSM tools whose exports Quell reads. */
export const ITSM_SOURCES = ['servicenow', 'jira'] as const;
export type ItsmSource = (typeof ITSM_SOURCES)[number];

export type ImportFormat = 'csv' | 'json';

/** A row that could not be mapped: reported, never dropped silently. */
export interface ImportRowError {
  /** 1-based data row (the CSV header and JSON wrapper excluded). */
  row: number;
  /** Ticket reference when the row had one, to find it in the ITSM tool. */
  ticketRef: string | null;
  /** The export's own field name, e.g. start_date or "Custom field (Change start date)". */
  field: string;
  reason: string;
}

/**
 * One change read from an export, in the shape of the calendar's ChangeDraft (title, ticket, kind,
 * status, owner, scope, windows) plus the approver and where it came from.
 */
export interface ImportedChange {
  row: number;
  source: ItsmSource;
  title: string;
  ticketRef: string;
  kind: 'normal' | 'standard' | 'emergency';
  status: 'requested' | 'approved' | 'rejected' | 'cancelled' | 'completed';
  owner: string | null;
  /** Who approved, when the export names them; the tool's name when it only says "approved". */
  approver: string | null;
  /** Only the entity parts (hosts, IPs, services) come from the ITSM; the filters stay empty. */
  scope: ChangeScope;
  windows: ChangeWindow[];
  /** The tool's own record id (ServiceNow sys_id, Jira issue id), when exported. */
  sourceId: string | null;
  /** When the ITSM last updated the record (epoch ms), when exported; the newest of duplicates wins. */
  sourceUpdatedAt: number | null;
}

export interface ImportOptions {
  /** IANA zone the export's wall-clock dates are in (the exporting user's zone); default UTC. */
  timeZone?: string;
}

export interface ImportResult {
  changes: ImportedChange[];
  errors: ImportRowError[];
}

/** One record of an export with its fields by the export's names; a field may repeat (Jira CSV). */
export interface ExportRecord {
  row: number;
  fields: Map<string, string[]>;
}

/** A file that cannot be read at all (not CSV/JSON of the expected shape): nothing is imported. */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';
}
