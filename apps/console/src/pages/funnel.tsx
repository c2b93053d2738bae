import { useState } from 'preact/hooks';
import { getJson } from '../api/client';
import type { Funnel } from '../api/types';
import { PanelState } from '../components/panel-state';
import { RateChart } from '../components/rate-chart';
import { useApi } from '../components/use-api';
import { formatCount, formatTime } from '../format';

const RANGES = [
  { range: '1h', label: 'Last hour' },
  { range: '1d', label: 'Last day' },
] as const;

export function FunnelPage() {
  const [range, setRange] = useState<'1h' | '1d'>('1h');
  const [loaded] = useApi(() => getJson<Funnel>(`/v1/funnel?range=${range}`), [range]);
  return (
    <>
      <h1>Funnel</h1>
      <div class="button-row" role="group" aria-label="Range">
        {RANGES.map((r) => (
          <button key={r.range} type="button" class={range === r.range ? '' : 'secondary'} aria-pressed={range === r.range} onClick={() => setRange(r.range)}>
            {r.label}
          </button>
        ))}
      </div>
      <PanelState loaded={loaded} what="the funnel">
        {(funnel) => (
          <>
            <p class="muted">
              {formatTime(funnel.from)} – {formatTime(funnel.to)}
            </p>
            <Stages stages={funnel.stages} />
            <StageNotes funnel={funnel} />
            <section>
              <h2>Event rate by source</h2>
              <RateChart rate={funnel.eventRate} />
            </section>
          </>
        )}
      </PanelState>
    </>
  );
}

/** Horizontal bars, each stage's width relative to the first (events). */
function Stages({ stages }: { stages: Funnel['stages'] }) {
  const max = Math.max(1, ...stages.map((s) => s.count));
  return (
    <ol class="funnel">
      {stages.map((stage) => (
        <li key={stage.name}>
          <span class="stage-label" id={`stage-${stage.name}`}>
            {stage.label}
          </span>
          <span class="stage-bar" aria-hidden="true">
            <span style={{ width: `${Math.max(0.5, (stage.count / max) * 100)}%` }} />
          </span>
          <span class="stage-count" aria-labelledby={`stage-${stage.name}`}>
            {formatCount(stage.count)}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** What each stage counts, as the server defines it (folded: the bars come first). */
function StageNotes({ funnel }: { funnel: Funnel }) {
  const described = funnel.stages.filter((stage) => stage.description);
  if (described.length === 0 && !funnel.note) return null;
  return (
    <details>
      <summary>What each stage counts</summary>
      {funnel.note && <p>{funnel.note}</p>}
      <dl>
        {described.map((stage) => [<dt key={`${stage.name}-term`}>{stage.label}</dt>, <dd key={`${stage.name}-text`}>{stage.description}</dd>])}
      </dl>
    </details>
  );
}
