export * from './builtin-rules';
