import { describe, expect, it } from 'vitest';
import { loadConfig, parseBootTargets } from '@/lib/config';

describe('loadConfig', () => {
  it('defaults to the embedded store under ./.lifeguard on port 3000 with the collector on', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.dataDir).toMatch(/\.lifeguard$/);
    expect(config.collectorEnabled).toBe(true);
    expect(config.adminToken).toBeUndefined();
    expect(config.ingestToken).toBeUndefined();
  });

  it('reads the ingest token', () => {
    expect(loadConfig({ LIFEGUARD_INGEST_TOKEN: 'apps-only' }).ingestToken).toBe('apps-only');
    expect(loadConfig({ LIFEGUARD_INGEST_TOKEN: '' }).ingestToken).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', LIFEGUARD_ADMIN_TOKEN: '' }).databaseUrl).toBeUndefined();
  });

  it('rejects a DATABASE_URL that is not PostgreSQL, naming the variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(/DATABASE_URL/);
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});

describe('parseBootTargets', () => {
  it('reads comma-separated name=url pairs', () => {
    expect(parseBootTargets('prod=postgres://a:b@db1:5432/app, replica=postgresql://db2/app')).toEqual([
      { name: 'prod', url: 'postgres://a:b@db1:5432/app' },
      { name: 'replica', url: 'postgresql://db2/app' },
    ]);
  });

  it('ignores empty entries', () => {
    expect(parseBootTargets(' , ')).toEqual([]);
  });

  it('says which pair is malformed', () => {
    expect(() => parseBootTargets('prod')).toThrow(/"prod" is not name=postgres/);
    expect(() => parseBootTargets('prod=http://db')).toThrow(/target prod: url must be a PostgreSQL connection URL/);
  });
});
