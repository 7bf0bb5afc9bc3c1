'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { formatDateTime, fromDatetimeLocal, toDatetimeLocal } from '@/lib/browser/format';
import { useIsClient } from '@/lib/browser/hooks/use-is-client';
import { RELATIVE_RANGES, describeTimeRange, rangeDurationMs, timeRangeSearch, type RelativeRange, type TimeRange } from '@/lib/browser/time-range';

/**
 * Range presets are links (shareable, middle-clickable); a custom range goes into the URL as
 * epoch ms, because datetime-local values mean different instants in different time zones.
 */
export function TimeRangePicker({ basePath, range, error }: { basePath: string; range: TimeRange; error: string | null }) {
  const router = useRouter();
  const isClient = useIsClient();
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const href = (r: TimeRange) => {
    const search = timeRangeSearch(r);
    return `${basePath}${search ? `?${search}` : ''}`;
  };

  // Seed the inputs with the range on screen, so nudging it is one edit; "now" is read here,
  // on click, only to fill the inputs.
  const openCustom = () => {
    const to = range.kind === 'absolute' ? range.to : Date.now();
    setCustom({ from: toDatetimeLocal(to - rangeDurationMs(range)), to: toDatetimeLocal(to) });
  };

  const applyCustom = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const from = fromDatetimeLocal(String(data.get('from') ?? ''));
    const to = fromDatetimeLocal(String(data.get('to') ?? ''));
    if (from === null || to === null) return setFormError('Choose both a start and an end.');
    if (from >= to) return setFormError('The start must be before the end.');
    setFormError(null);
    setCustom(null);
    router.push(href({ kind: 'absolute', from, to }), { scroll: false });
  };

  return (
    <div className="range-picker" data-testid="time-range-picker">
      <nav aria-label="Time range" className="range-presets">
        {(Object.keys(RELATIVE_RANGES) as RelativeRange[]).map((r) => {
          const current = range.kind === 'relative' && range.range === r;
          return (
            <Link key={r} href={href({ kind: 'relative', range: r })} scroll={false} className={current ? 'preset current' : 'preset'} aria-current={current ? 'true' : undefined} data-range={r}>
              {r}
            </Link>
          );
        })}
        <button type="button" className={range.kind === 'absolute' ? 'preset current' : 'preset'} onClick={custom ? () => setCustom(null) : openCustom} aria-expanded={custom !== null}>
          Custom…
        </button>
      </nav>
      {custom && (
        <form className="range-custom" onSubmit={applyCustom}>
          <label>
            From <input type="datetime-local" name="from" defaultValue={custom.from} required />
          </label>
          <label>
            To <input type="datetime-local" name="to" defaultValue={custom.to} required />
          </label>
          <button type="submit">Apply</button>
        </form>
      )}
      <span className="muted range-label" data-testid="range-label">
        {range.kind === 'relative' || isClient ? `Showing ${describeTimeRange(range, formatDateTime)}` : '\u00a0'}
      </span>
      {(formError ?? error) && <p className="banner banner-warning">{formError ?? `Ignored the range in the URL: ${error}`}</p>}
    </div>
  );
}
