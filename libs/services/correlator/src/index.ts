export { correlatorService, CorrelatorModule } from './correlator.service';
export { correlatorConfigSchema, type CorrelatorConfig } from './config';
