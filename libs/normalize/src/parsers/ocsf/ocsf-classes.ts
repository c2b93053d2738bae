/**
 * OCSF 1.x class and category uids → ECS `event.category` (the Event builder maps that onto a
 * Quell class). A class not listed falls back to its category (class_uid / 1000).
 */
export const OCSF_CLASSES: Record<number, string> = {
  1001: 'file', // File System Activity
  1002: 'driver', // Kernel Extension Activity
  1003: 'host', // Kernel Activity
  1004: 'process', // Memory Activity
  1005: 'library', // Module Activity
  1006: 'configuration', // Scheduled Job Activity
  1007: 'process', // Process Activity
  1008: 'registry', // Registry Key Activity
  1009: 'registry', // Registry Value Activity
  2001: 'intrusion_detection', // Security Finding
  2002: 'vulnerability', // Vulnerability Finding
  2003: 'configuration', // Compliance Finding
  2004: 'intrusion_detection', // Detection Finding
  2005: 'intrusion_detection', // Incident Finding
  3001: 'iam', // Account Change
  3002: 'authentication', // Authentication
  3003: 'session', // Authorize Session
  3004: 'iam', // Entity Management
  3005: 'iam', // User Access Management
  3006: 'iam', // Group Management
  4001: 'network', // Network Activity
  4002: 'web', // HTTP Activity
  4003: 'network', // DNS Activity
  5001: 'host', // Device Inventory Info
  5019: 'configuration', // Device Config State Change
  6001: 'web', // Web Resources Activity
  6002: 'package', // Application Lifecycle
  6003: 'api', // API Activity
  6004: 'database', // Datastore Activity
  6005: 'file', // File Hosting Activity
};

export const OCSF_CATEGORIES: Record<number, string> = {
  1: 'host', // System Activity
  2: 'intrusion_detection', // Findings
  3: 'iam', // Identity & Access Management
  4: 'network', // Network Activity
  5: 'host', // Discovery
  6: 'api', // Application Activity
  7: 'configuration', // Remediation
};

export function ocsfCategory(classUid: number, categoryUid: number | undefined): string | undefined {
  return OCSF_CLASSES[classUid] ?? OCSF_CATEGORIES[categoryUid ?? Math.floor(classUid / 1000)];
}

/** OCSF severity_id (0 Unknown … 6 Fatal) → Quell's 0–10 scale. */
export const OCSF_SEVERITY: Record<string, string> = { '0': '0', '1': '1', '2': '3', '3': '5', '4': '7', '5': '9', '6': '10' };

/** OCSF status_id: 1 Success, 2 Failure. */
export const OCSF_STATUS: Record<string, string> = { '1': 'success', '2': 'failure' };
