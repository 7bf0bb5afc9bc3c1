import Link from 'next/link';

/** The alerting section's pages, as data (like the site header). */
const SECTIONS = [
  { href: '/alerts', label: 'Alerts' },
  { href: '/alerts/rules', label: 'Rules' },
  { href: '/alerts/receivers', label: 'Receivers' },
] as const;

export function AlertsNav({ current }: { current: (typeof SECTIONS)[number]['href'] }) {
  return (
    <nav aria-label="Alerting" className="range-presets alerts-nav">
      {SECTIONS.map((s) => (
        <Link key={s.href} href={s.href} className={s.href === current ? 'preset current' : 'preset'} aria-current={s.href === current ? 'page' : undefined}>
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
