import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AlertBanner } from '@/components/alerts/alert-banner';
import { SiteHeader } from '@/components/nav/site-header';
import { Providers } from '@/components/providers';
import './globals.css';
import './alerts.css';
import './finding.css';
import './remediation.css';

export const metadata: Metadata = {
  title: 'Lifeguard',
  description: 'Live PostgreSQL connection monitoring and incident response',
  // public/ holds these; scripts/make-icons.ts draws the rasters from icon.svg.
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
    apple: { url: '/apple-touch-icon.png', sizes: '180x180' },
  },
  manifest: '/manifest.webmanifest',
};

/** The dark theme's header colour (app/globals.css --panel), for the browser's own chrome. */
export const viewport: Viewport = { themeColor: '#161b22', colorScheme: 'dark' };

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
