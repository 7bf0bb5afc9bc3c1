import Link from 'next/link';
import { FeedStatus } from './feed-status';

/** Navigation as data, so adding a section is one line. */
const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/targets', label: 'Targets' },
] as const;

export function SiteHeader() {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Lifeguard
      </Link>
      <nav aria-label="Main">
        {NAV.map((item) => (
          <Link key={item.href} href={item.href}>
            {item.label}
          </Link>
        ))}
      </nav>
      <FeedStatus />
    </header>
  );
}
