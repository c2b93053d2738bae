import type { Funnel } from '../api/types';
import { formatCount, formatTime } from '../format';

/** Colours for series on white, each at least 3:1 (WCAG 1.4.11 for graphics). */
const PALETTE = ['#1f5fbf', '#b4410a', '#2e7d32', '#7b3fa0', '#a3195b', '#006d77', '#5d4037', '#455a64'];
const W = 720;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

const ms = (at: number | string) => (typeof at === 'number' ? at : /^\d+$/.test(at) ? Number(at) : Date.parse(at));

/** Events per bucket, one line per source; the table below says the same in text. */
export function RateChart({ rate }: { rate: Funnel['eventRate'] }) {
  const series = rate.series.map((s, i) => ({ ...s, colour: PALETTE[i % PALETTE.length], points: s.points.map((p) => ({ at: ms(p.at), count: p.count })) }));
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return <p>No events in this range.</p>;
  const minAt = Math.min(...all.map((p) => p.at));
  const maxAt = Math.max(...all.map((p) => p.at));
  const maxCount = Math.max(1, ...all.map((p) => p.count));
  const x = (at: number) => PAD.left + ((at - minAt) / Math.max(1, maxAt - minAt)) * (W - PAD.left - PAD.right);
  const y = (count: number) => H - PAD.bottom - (count / maxCount) * (H - PAD.top - PAD.bottom);
  const totals = series.map((s) => `${s.source} ${formatCount(s.points.reduce((sum, p) => sum + p.count, 0))}`).join(', ');
  const buckets = [...new Set(all.map((p) => p.at))].sort((a, b) => a - b);
  return (
    <figure class="rate">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Events per ${rate.bucketSeconds} seconds by source, ${formatTime(minAt)} to ${formatTime(maxAt)}; totals: ${totals}. The table below lists every bucket.`}>
        <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} class="axis" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} class="axis" />
        <text x={PAD.left - 6} y={PAD.top + 8} text-anchor="end" class="axis-label">
          {formatCount(maxCount)}
        </text>
        <text x={PAD.left - 6} y={H - PAD.bottom} text-anchor="end" class="axis-label">
          0
        </text>
        <text x={PAD.left} y={H - 8} class="axis-label">
          {formatTime(minAt)}
        </text>
        <text x={W - PAD.right} y={H - 8} text-anchor="end" class="axis-label">
          {formatTime(maxAt)}
        </text>
        {series.map((s) => (
          <polyline key={s.source} points={s.points.map((p) => `${x(p.at)},${y(p.count)}`).join(' ')} fill="none" stroke={s.colour} stroke-width={2} />
        ))}
      </svg>
      <figcaption>
        <ul class="legend">
          {series.map((s) => (
            <li key={s.source}>
              <span class="swatch" style={{ background: s.colour }} aria-hidden="true" /> {s.source}
            </li>
          ))}
        </ul>
      </figcaption>
      <details>
        <summary>Event rate as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Time</th>
              {series.map((s) => (
                <th scope="col" key={s.source}>
                  {s.source}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {buckets.map((at) => (
              <tr key={at}>
                <th scope="row">{formatTime(at)}</th>
                {series.map((s) => (
                  <td class="num" key={s.source}>
                    {formatCount(s.points.find((p) => p.at === at)?.count ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
