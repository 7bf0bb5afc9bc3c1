import type { Metadata } from 'next';
import { OpenActionItems } from '@/components/action-items/open-action-items';

export const metadata: Metadata = { title: 'Action items · Lifeguard' };

export default function ActionItemsPage() {
  return (
    <>
      <h1>Open action items</h1>
      <p className="muted">What the postmortems promised, across every incident, until it is done.</p>
      <OpenActionItems />
    </>
  );
}
