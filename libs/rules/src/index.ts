export * from './builtin-rules';
export * from './sigma';
export * from './catalog';
export * from './backtest';
