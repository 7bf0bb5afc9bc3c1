/**
 * The figures issues 12 and 13 quoted before the work they asked for, measured the same way on
 * this 2-core machine: `npm run bench` prints each beside the figure that replaced it.
 */
export const BEFORE = {
  /** Issue 12: a new application_name opened → shown on the target page in Chromium, 30 trials. */
  freshness: {
    250: 'before (issue 12): median 310 ms, p95 641 ms',
    1000: 'before (issue 12): median 663 ms, p95 1,146 ms; the bench also showed a tail of p95 2.7 s, max 7.2 s',
  } as Record<number, string>,
  /** Issue 12: first-load JS per page, gzip. */
  firstLoad: {
    '/': 'before (issue 12): 314.6 KiB',
    '/targets/[id]': 'before (issue 12): 321.0 KiB',
  } as Record<string, string>,
  /** Issue 12: one open target page at the 5-minute range, and what the server answered. */
  crowd: 'before (issue 12): one page made 12 series requests a second and the server answered ~490 a second: some 40 viewers saturated it',
  /** Issue 13: 100 targets at 1 s. */
  targets: {
    100: {
      onTime: 'before (issue 13): 100.0 samples/s',
      lag: 'before (issue 13): p95 546 ms',
      write: 'before (issue 13): p95 316 ms, one INSERT per sample',
      cpu: 'before (issue 13): 4.6 ms',
    },
  } as Record<number, { onTime: string; lag: string; write: string; cpu: string }>,
};
