import type { ReactNode } from 'react';
import type { SeriesResponse } from '@/lib/browser/series';

/** A titled panel for a chart, with its loading and error states in one place. */
export function ChartFrame({ title, isPending, error, wide, children }: { title: string; isPending: boolean; error: Error | null; wide?: boolean; children: ReactNode }) {
  return (
    <section className={wide ? 'panel panel-wide' : 'panel'}>
      <h2>{title}</h2>
      {error && <p className="banner banner-warning">Chart data unavailable: {error.message}</p>}
      {isPending && !error ? <div className="chart-placeholder">Loading…</div> : children}
    </section>
  );
}

/** The time span and bucket width shared by a chart's series (they are asked for together). */
export function seriesBounds(series: Partial<Record<string, SeriesResponse<string>>>): { from: number; to: number; stepMs: number } | null {
  const all = Object.values(series).filter((s): s is SeriesResponse<string> => s !== undefined);
  const first = all[0];
  if (!first) return null;
  return { from: Math.min(...all.map((s) => s.from)), to: Math.max(...all.map((s) => s.to)), stepMs: first.stepMs };
}

/** How close to the live edge an empty bucket is treated as "not yet", not as a gap. */
export function openEndFor(stepMs: number): number {
  return 2 * stepMs + 2000;
}
