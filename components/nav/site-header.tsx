import Link from 'next/link';
import { DeclareIncident } from '@/components/incidents/declare-incident';
import { PersonSwitch } from '@/components/person/person-switch';
import { FeedStatus } from './feed-status';

/** Navigation as data, so adding a section is one line. */
const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/targets', label: 'Targets' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/incidents', label: 'Incidents' },
  { href: '/action-items', label: 'Action items' },
  { href: '/checklists', label: 'Checklists' },
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
      <DeclareIncident />
      <PersonSwitch />
    </header>
  );
}
