'use client';

import type { FilledPoint } from '@/lib/browser/series';

const WIDTH = 300;
const HEIGHT = 56;

/**
 * The overview card's sparkline as plain SVG: one line per run of figures (a gap where the
 * collector had none) and the usable limit dashed. A card needs no axes, tooltip or legend, so
 * the overview does not load a charting library for it.
 */
export function Sparkline({ points, from, to, usable, label }: { points: FilledPoint[]; from: number; to: number; usable: number | null; label: string }) {
  const values = points.map(([, value]) => value).filter((value): value is number => value !== null);
  // Headroom above the larger of the peak and the limit, so neither touches the top edge.
  const top = Math.max(1, usable ?? 0, ...values) * 1.1;
  const x = (t: number) => ((t - from) / Math.max(1, to - from)) * WIDTH;
  const y = (value: number) => HEIGHT - (value / top) * HEIGHT;
  const runs: string[] = [];
  let run: string[] = [];
  for (const [t, value] of points) {
    if (value === null) {
      if (run.length > 0) runs.push(run.join(' '));
      run = [];
    } else run.push(`${x(t).toFixed(1)},${y(value).toFixed(1)}`);
  }
  if (run.length > 0) runs.push(run.join(' '));
  return (
    <svg className="sparkline" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" width="100%" height={HEIGHT} role="img" aria-label={label} data-testid="sparkline">
      {usable !== null && <line x1={0} x2={WIDTH} y1={y(usable)} y2={y(usable)} stroke="var(--chart-limit)" strokeDasharray="4 3" vectorEffect="non-scaling-stroke" />}
      {runs.map((coordinates) =>
        // A lone figure between gaps is drawn as a dot-length stroke rather than nothing.
        coordinates.includes(' ') ? (
          <polyline key={coordinates} points={coordinates} fill="none" stroke="var(--chart-total)" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        ) : (
          <circle key={coordinates} cx={coordinates.split(',')[0]} cy={coordinates.split(',')[1]} r={1.5} fill="var(--chart-total)" />
        ),
      )}
    </svg>
  );
}
