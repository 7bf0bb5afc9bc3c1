import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AlertBanner } from '@/components/alerts/alert-banner';
import { SiteHeader } from '@/components/nav/site-header';
import { Providers } from '@/components/providers';
import './globals.css';
import './alerts.css';
import './finding.css';

export const metadata: Metadata = {
  title: 'Lifeguard',
  description: 'Live PostgreSQL connection monitoring and incident response',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <SiteHeader />
          <AlertBanner />
          <main className="page">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
