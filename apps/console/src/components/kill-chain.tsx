/** ATT&CK Enterprise tactics in matrix order (as libs/killchain ranks them). */
export const TACTICS = [
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
] as const;

/** `attack.Initial_Access`, `initial_access` → `initial-access`. */
export const tacticOf = (text: string): string => text.trim().toLowerCase().replace(/^attack\./, '').replace(/[_\s]+/g, '-');

const label = (tactic: string) => tactic.replace(/-/g, ' ').replace(/\band\b/, '&');

/** Two-word names on two lines, so every label fits its box. */
const lines = (text: string): string[] => (text.length > 12 && text.includes(' ') ? [text.slice(0, text.indexOf(' ')), text.slice(text.indexOf(' ') + 1)] : [text]);

const PER_ROW = 7;
const BOX_W = 112;
const BOX_H = 44;
const GAP_X = 14;
const GAP_Y = 18;

/** The tactics the incident reached, filled, on the path of all fourteen; a list says the same in text. */
export function KillChain({ reached }: { reached: string[] }) {
  const hit = new Set(reached.map(tacticOf));
  const rows = Math.ceil(TACTICS.length / PER_ROW);
  const width = PER_ROW * BOX_W + (PER_ROW - 1) * GAP_X;
  const height = rows * BOX_H + (rows - 1) * GAP_Y;
  const reachedInOrder = TACTICS.filter((t) => hit.has(t));
  const others = [...hit].filter((t) => !(TACTICS as readonly string[]).includes(t));
  return (
    <figure class="killchain">
      <svg viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
        {TACTICS.map((tactic, i) => {
          const x = (i % PER_ROW) * (BOX_W + GAP_X);
          const y = Math.floor(i / PER_ROW) * (BOX_H + GAP_Y);
          const on = hit.has(tactic);
          return (
            <g key={tactic}>
              <rect x={x} y={y} width={BOX_W} height={BOX_H} rx={6} class={on ? 'tactic reached' : 'tactic'} />
              <text x={x + BOX_W / 2} y={y + BOX_H / 2 + 4} text-anchor="middle" class={on ? 'tactic-label reached' : 'tactic-label'}>
                {lines(label(tactic)).map((line, n, all) => (
                  <tspan key={line} x={x + BOX_W / 2} dy={n === 0 ? `${-(all.length - 1) * 0.6}em` : '1.2em'}>
                    {line}
                  </tspan>
                ))}
              </text>
              {i % PER_ROW < PER_ROW - 1 && i < TACTICS.length - 1 && <path d={`M${x + BOX_W + 2} ${y + BOX_H / 2} h${GAP_X - 4}`} class="tactic-arrow" />}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {reachedInOrder.length === 0 && others.length === 0 ? (
          'No ATT&CK tactic reached.'
        ) : (
          <>
            Tactics reached, in ATT&CK order:
            <ol class="inline-list">
              {[...reachedInOrder, ...others].map((tactic) => (
                <li key={tactic}>{label(tactic)}</li>
              ))}
            </ol>
          </>
        )}
      </figcaption>
    </figure>
  );
}
