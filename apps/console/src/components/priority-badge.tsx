/** Priority as text (`P1`…`P5`) on a colour; each pair keeps at least 4.5:1 contrast (WCAG AA). */
export function PriorityBadge({ priority }: { priority: number }) {
  const p = Math.min(5, Math.max(1, Math.round(priority)));
  return (
    <span class={`priority priority-${p}`} title={PRIORITY_MEANING[p]}>
      P{p}
    </span>
  );
}

export const PRIORITY_MEANING: Record<number, string> = {
  1: 'P1: page now',
  2: 'P2: urgent',
  3: 'P3: today',
  4: 'P4: this week',
  5: 'P5: backlog',
};
