/**
 * The drill database the fleet tests run their pools against (scripts/support/drill-database.ts
 * makes it): the same names and credentials in every such test, so only what a test varies
 * (its server, loopback aliases) is written there.
 */
export const FLEET_DATABASE = {
  database: 'worksmart',
  appRole: 'worksmart',
  appPassword: 'test-app-password',
  monitorRole: 'lifeguard',
  monitorPassword: 'test-monitor-password',
  orders: 2000,
} as const;
