export * from './webhook-payload';
