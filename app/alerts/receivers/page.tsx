import type { Metadata } from 'next';
import { AlertsNav } from '@/components/alerts/alerts-nav';
import { ReceiversView } from '@/components/alerts/receivers-view';

export const metadata: Metadata = { title: 'Alert receivers · Lifeguard' };

export default function AlertReceiversPage() {
  return (
    <>
      <div className="title-row page-title">
        <h1>Notification receivers</h1>
        <AlertsNav current="/alerts/receivers" />
      </div>
      <ReceiversView />
    </>
  );
}
