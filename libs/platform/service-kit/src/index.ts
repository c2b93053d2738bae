export * from './tokens';
export * from './service-definition';
export * from './shared-infrastructure';
export * from './platform.module';
export * from './service-app';
export * from './run-service';
export * from './bus-metrics';
export * from './state-store';
