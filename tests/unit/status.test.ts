import { describe, expect, it } from 'vitest';
import { problemMessage, staleAfterMs, targetHealth, usageLevel, usagePercent } from '@/lib/browser/status';
import type { Snapshot } from '@/lib/samples/types';

const AT = Date.UTC(2025, 0, 1, 3, 0, 0);

function snapshot(patch: Partial<Snapshot> = {}): Snapshot {
  return {
    targetId: 't1',
    at: new Date(AT).toISOString(),
    maxConnections: 100,
    reservedConnections: 3,
    usableConnections: 97,
    total: 40,
    states: { active: 10, idle: 25, idleInTransaction: 5, idleInTransactionAborted: 0 },
    waiting: 0,
    oldestXactSeconds: 1,
    applications: [],
    probeLatencyMs: 1,
    connectLatencyMs: 2,
    commitsPerSec: 1,
    rollbacksPerSec: 0,
    deadlocksPerSec: 0,
    error: null,
    errorCode: null,
    ...patch,
  };
}

describe('usage', () => {
  it('is total over usable connections, not over max_connections', () => {
    expect(usagePercent(snapshot({ total: 97 }))).toBe(100);
    expect(usagePercent(snapshot({ total: null }))).toBeNull();
    expect(usagePercent(snapshot({ usableConnections: 0 }))).toBeNull();
    expect(usagePercent(null)).toBeNull();
  });

  it('turns warning at 80 % and critical at 95 %', () => {
    expect(usageLevel(79.9)).toBe('ok');
    expect(usageLevel(80)).toBe('warning');
    expect(usageLevel(94.9)).toBe('warning');
    expect(usageLevel(95)).toBe('critical');
    expect(usageLevel(null)).toBe('ok');
  });
});

describe('targetHealth', () => {
  it('says no data before the first sample', () => {
    expect(targetHealth(null, 1000, AT)).toBe('no-data');
  });

  it('is OK with a fresh, clean sample', () => {
    expect(targetHealth(snapshot(), 1000, AT + 2000)).toBe('ok');
  });

  it('tells refusing (figures present) from unreachable (no figures)', () => {
    expect(targetHealth(snapshot({ error: 'sorry, too many clients already', errorCode: '53300' }), 1000, AT)).toBe('refusing');
    expect(targetHealth(snapshot({ error: 'connect ECONNREFUSED', errorCode: 'ECONNREFUSED', total: null, states: null }), 1000, AT)).toBe('unreachable');
    expect(targetHealth(snapshot({ error: 'too many clients', errorCode: '53300', total: null, states: null }), 1000, AT)).toBe('refusing');
  });

  it('calls a sample older than three intervals stale, whatever it said', () => {
    expect(staleAfterMs(5000)).toBe(15_000);
    expect(staleAfterMs(250)).toBe(3000);
    expect(targetHealth(snapshot(), 5000, AT + 15_001)).toBe('stale');
    expect(targetHealth(snapshot({ error: 'x', errorCode: '53300' }), 1000, AT + 60_000)).toBe('stale');
  });
});

describe('problemMessage', () => {
  it('phrases "too many clients" for people', () => {
    expect(problemMessage(snapshot({ error: 'sorry, too many clients already', errorCode: '53300' }))).toBe('Refusing new connections: too many clients already');
    expect(problemMessage(snapshot({ error: 'the database system is starting up', errorCode: '57P03' }))).toBe('Refusing new connections: the database system is starting up');
    expect(problemMessage(snapshot({ error: 'connect ECONNREFUSED 127.0.0.1:5999', total: null }))).toBe('Unreachable: connect ECONNREFUSED 127.0.0.1:5999');
    expect(problemMessage(snapshot({ error: 'unreachable: connection refused (ECONNREFUSED)', total: null }))).toBe('Unreachable: connection refused (ECONNREFUSED)');
    expect(problemMessage(snapshot({ error: 'too many', errorCode: '53300', total: null }))).toMatch(/^Refusing new connections: too many clients already \(no figures/);
    expect(problemMessage(snapshot())).toBeNull();
  });
});
