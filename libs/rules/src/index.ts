export * from './builtin-rules';
export * from './sigma';
