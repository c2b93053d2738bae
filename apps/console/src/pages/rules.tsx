import { useState } from 'preact/hooks';
import { getJson, postJson } from '../api/client';
import type { Backtest, RuleError, RuleHits, RuleSummary } from '../api/types';
import { PanelState } from '../components/panel-state';
import { failure, useApi, type Loaded } from '../components/use-api';
import { formatCount, formatTime } from '../format';

export function RulesPage() {
  const [rules] = useApi(() => getJson<{ version: string; rules: RuleSummary[] }>('/v1/rules'), []);
  const [errors] = useApi(() => getJson<{ errors: RuleError[] }>('/v1/rules/errors'), []);
  const [hits] = useApi(() => getJson<RuleHits>('/v1/rule-hits?range=1d'), []);
  return (
    <>
      <h1>Rules</h1>
      {hits.state === 'unavailable' && <p class="notice">Hit counts: not available on this server.</p>}
      <PanelState loaded={rules} what="rules">
        {(answer) => <RuleTable rules={answer.rules} hits={hits} />}
      </PanelState>
      <section>
        <h2>Errors</h2>
        <PanelState loaded={errors} what="rule errors">
          {(answer) =>
            answer.errors.length === 0 ? (
              <p>No errors: every rule file loaded.</p>
            ) : (
              <ul class="rule-errors">
                {answer.errors.map((e, i) => (
                  <li key={`${e.file}:${e.line}:${i}`}>
                    <code>
                      {e.file}:{e.line}
                    </code>{' '}
                    {e.reason}
                    {e.servingPrevious ? ' (its last good version is still served)' : ''}
                  </li>
                ))}
              </ul>
            )
          }
        </PanelState>
      </section>
    </>
  );
}

function RuleTable({ rules, hits }: { rules: RuleSummary[]; hits: Loaded<RuleHits> }) {
  const hitsOf = new Map(hits.state === 'ready' ? hits.value.items.map((h) => [h.ruleId, h] as const) : []);
  if (rules.length === 0) return <p>No rules loaded.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Kind</th>
          <th scope="col">Level</th>
          <th scope="col">File</th>
          <th scope="col">Hits (24 h)</th>
          <th scope="col">Backtest</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => {
          const id = rule.id ?? rule.name ?? rule.title;
          const hit = hitsOf.get(id);
          return (
            <tr key={`${rule.file}:${id}`}>
              <td>
                {rule.title}
                <br />
                <code class="muted">{id}</code>
              </td>
              <td>{rule.kind}</td>
              <td>{rule.level ?? '—'}</td>
              <td>
                <code>
                  {rule.file}
                  {rule.line ? `:${rule.line}` : ''}
                </code>
              </td>
              <td class="num">{hits.state === 'ready' ? `${formatCount(hit?.hits ?? 0)}${hit?.lastHit ? ` (last ${formatTime(hit.lastHit)})` : ''}` : '—'}</td>
              <td>
                <BacktestButton ruleId={id} title={rule.title} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function BacktestButton({ ruleId, title }: { ruleId: string; title: string }) {
  const [result, setResult] = useState<Loaded<Backtest> | null>(null);
  const run = async () => {
    setResult({ state: 'loading' });
    try {
      setResult({ state: 'ready', value: await postJson<Backtest>('/v1/backtests', { ruleId, range: '1h' }) });
    } catch (error) {
      setResult(failure(error));
    }
  };
  return (
    <>
      <button type="button" class="secondary" onClick={run} disabled={result?.state === 'loading'} aria-describedby={`backtest-${cssId(ruleId)}`} title={`Test “${title}” on the last hour`}>
        Test on the last hour
      </button>
      <div id={`backtest-${cssId(ruleId)}`} aria-live="polite" class="backtest">
        {result && (
          <PanelState loaded={result} what="the backtest">
            {(b) => (
              <span>
                {formatCount(b.matches)} match{b.matches === 1 ? '' : 'es'} in {formatCount(b.eventsScanned)} events
              </span>
            )}
          </PanelState>
        )}
      </div>
    </>
  );
}

const cssId = (text: string) => text.replace(/[^\w-]/g, '_');
