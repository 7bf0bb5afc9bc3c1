'use client';

import dynamic from 'next/dynamic';

/*
 * TimeChart with Recharts (the largest library in the app) loaded as its own chunk once a chart
 * is drawn, not with the page: the chart waits for its series anyway, so Recharts arrives while
 * the series is fetched, and a page whose charts are not drawn never loads it.
 */
export const TimeChart = dynamic(() => import('./time-chart').then((module) => module.TimeChart), {
  ssr: false,
  loading: () => <div className="chart-placeholder" aria-hidden="true" />,
});
