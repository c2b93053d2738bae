export { backtestRulesIn, backtestRulesOfFile, refOf, shownRefOf, type BacktestRules } from './backtest-rules';
export { BacktestRun, correlationAlertLine, detectionHitLine, type BacktestOutput, type BacktestRunOptions, type CorrelationAlertSummary } from './backtest-run';
export { summarizeBacktest, type BacktestLimits, type BacktestSummary } from './backtest-scan';
