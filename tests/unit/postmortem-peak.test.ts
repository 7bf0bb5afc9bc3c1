import { describe, expect, it } from 'vitest';
import type { IncidentPeak } from '@/lib/finding/peak';
import { peakBlocks } from '@/lib/postmortem/peak-section';

const HEADING = '## Who held the connections at the peak';
const STARTED = new Date('2026-11-26T10:00:00Z');

function peak(snapshot: IncidentPeak['snapshot']): IncidentPeak {
  return { targetId: 't1', targetName: 'worksmart-db', from: '2026-11-26T10:00:00.000Z', to: '2026-11-26T11:00:00.000Z', snapshot };
}

const SNAPSHOT: NonNullable<IncidentPeak['snapshot']> = {
  targetId: 't1',
  at: '2026-11-26T10:32:14.000Z',
  maxConnections: 100,
  reservedConnections: 3,
  usableConnections: 97,
  total: 96,
  states: { active: 30, idle: 66, idleInTransaction: 0, idleInTransactionAborted: 0 },
  waiting: 0,
  oldestXactSeconds: 0.2,
  applications: [
    { name: 'worksmart-web', clientAddr: '127.0.1.1', total: 85, active: 28, idle: 57, idleInTransaction: 0 },
    { name: 'evil|<script>', clientAddr: null, total: 10, active: 2, idle: 8, idleInTransaction: 0 },
  ],
  probeLatencyMs: 0.5,
  connectLatencyMs: null,
  commitsPerSec: 10,
  rollbacksPerSec: 0,
  deadlocksPerSec: 0,
  error: 'refusing new connections: too many clients already (SQLSTATE 53300)',
  errorCode: '53300',
  causes: [
    { kind: 'over-budget', summary: 'The pools may open 310 connections, more than the 97 the server accepts.', evidence: ['worksmart-web: 6 instances × pool max 50 = 300 > 97 usable'], fix: 'worksmart-web: pool max ≤ 14 per instance', connections: 85 },
    { kind: 'held-idle', summary: 'worksmart-web holds 55 connections idle.', evidence: [], connections: 55 },
  ],
};

describe('postmortem: who held the connections at the peak', () => {
  it('gives the moment, the holders as a table and the causes then, most likely first', () => {
    const markdown = peakBlocks(HEADING, [peak(SNAPSHOT)], STARTED).join('\n\n');
    expect(markdown).toContain(`${HEADING}\n\n**worksmart-db** at 10:32:14 UTC: 96 connections of 97 usable (max_connections 100); refusing new connections: too many clients already (SQLSTATE 53300).`);
    expect(markdown).toContain('| worksmart-web | 127.0.1.1 | 85 | 28 | 57 | 0 |');
    expect(markdown).toContain('1. **Over-budget pools** — The pools may open 310 connections, more than the 97 the server accepts.\n   - worksmart-web: 6 instances × pool max 50 = 300 > 97 usable\n   - Fix: worksmart-web: pool max ≤ 14 per instance\n2. **Held but idle**');
  });

  it('keeps a name from the monitored server inside its cell, with its HTML shown as text', () => {
    const markdown = peakBlocks(HEADING, [peak(SNAPSHOT)], STARTED).join('\n\n');
    expect(markdown).toContain('| evil\\|&lt;script> | local socket | 10 |');
  });

  it('says so when no sample of the window is kept, and adds nothing without linked targets', () => {
    expect(peakBlocks(HEADING, [peak(null)], STARTED)).toEqual([HEADING, '**worksmart-db**: _no sample with figures is kept for the incident window._']);
    expect(peakBlocks(HEADING, [], STARTED)).toEqual([]);
  });
});
