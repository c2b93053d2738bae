export { assessPriority, priorityOfScore, PRIORITY_BANDS, AFTER_HOURS_WEIGHT, type PriorityAssessment, type PriorityInput } from './incident-priority';
export { assessSeverity, severityOfScore, SEVERITIES, type Severity, type SeverityAssessment } from './incident-severity';
export { CRITICALITY_MULTIPLIER, type AssetLookup } from './business-criticality';
export { CHANGE_WEIGHTS } from './change-context';
export { isAfterHours } from './business-hours';
export { describeFactor, type PriorityFactor } from './priority-factor';
export {
  CRITICALITIES,
  EMPTY_SERVICE_CATALOG,
  parseServiceCatalog,
  ServiceCatalogError,
  type BusinessHours,
  type CatalogService,
  type Criticality,
  type ServiceCatalog,
  type TenantCatalog,
} from './service-catalog';
export { withAssessedPriority, PRIORITIZED_ACTION, PRIORITY_CHANGED_ACTION } from './apply-priority';
