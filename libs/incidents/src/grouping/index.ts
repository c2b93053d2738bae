export * from './grouping-policy';
export { alertSummaryOf, withAlertSummary, MAX_ALERT_SUMMARIES } from './alert-summary';
export { relatedChangesOf, mergeRelatedChanges, MAX_RELATED_CHANGES } from './related-changes-of';
export * from './incident-state';
export { absorb, closeAsMerged, survivorOf } from './incident-merge';
export * from './incident-working-set';
export { escalationEntry, furthestPhase } from './kill-chain-escalation';
