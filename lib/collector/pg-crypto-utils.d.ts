/** node-postgres' crypto helpers, which its SCRAM login calls (see lib/collector/scram-keys.ts). */
declare module 'pg/lib/crypto/utils' {
  const utils: Record<string, unknown>;
  export default utils;
}
