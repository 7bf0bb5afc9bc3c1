import type { SampleRecord } from '@/lib/samples/types';

/**
 * A sample as the collector records it, whose story is only the connection counts a test gives:
 * a 100-connection server with 3 reserved, a quick probe, no rates, no waits, no error. Each
 * test states the counts it depends on (total, states, applications); the rest stays out of its way.
 */
export function countsSample(fields: Pick<SampleRecord, 'targetId' | 'total' | 'states' | 'applications'> & Partial<SampleRecord>): SampleRecord {
  return {
    at: new Date(),
    maxConnections: 100,
    reservedConnections: 3,
    waiting: 0,
    oldestXactSeconds: null,
    probeLatencyMs: 1,
    connectLatencyMs: 2,
    commitsPerSec: null,
    rollbacksPerSec: null,
    deadlocksPerSec: null,
    error: null,
    errorCode: null,
    ...fields,
  };
}
