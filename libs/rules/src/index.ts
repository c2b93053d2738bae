export * from './builtin-rules';
export * from './sigma';
export * from './catalog';
