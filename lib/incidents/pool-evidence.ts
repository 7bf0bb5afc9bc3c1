import type { Db } from '../db';
import { latestSnapshot } from '../samples/snapshot';
import { assertIncident } from './get';
import type { PoolEvidence } from './types';

const TOP_HOLDERS = 10;

/**
 * What "Did we check the connection pool?" shows: for every target linked to the incident, its
 * latest sample's usage against the connections applications can actually open, and who holds
 * them. Read from the samples the collector already stores, so it costs the target nothing.
 */
export async function collectPoolEvidence(db: Db, incidentId: string): Promise<PoolEvidence[]> {
  const links = await db.incidentTarget.findMany({ where: { incidentId }, include: { target: { select: { id: true, name: true } } } });
  const targets = links.map((link) => link.target).sort((a, b) => a.name.localeCompare(b.name));
  return Promise.all(targets.map((target) => evidenceFor(db, target)));
}

/** GET /api/incidents/{id}/pool-evidence: the live figures, 404 for an unknown incident. */
export async function getPoolEvidence(db: Db, incidentId: string): Promise<PoolEvidence[]> {
  await assertIncident(db, incidentId);
  return collectPoolEvidence(db, incidentId);
}

async function evidenceFor(db: Db, target: { id: string; name: string }): Promise<PoolEvidence> {
  const snapshot = await latestSnapshot(db, target.id);
  if (!snapshot) {
    return {
      targetId: target.id,
      targetName: target.name,
      at: new Date().toISOString(),
      total: null,
      usableConnections: null,
      maxConnections: null,
      usagePercent: null,
      error: 'no sample recorded yet',
      topHolders: [],
    };
  }
  const { total, usableConnections } = snapshot;
  const usagePercent = total !== null && usableConnections ? Math.round((total / usableConnections) * 1000) / 10 : null;
  return {
    targetId: target.id,
    targetName: target.name,
    at: snapshot.at,
    total,
    usableConnections,
    maxConnections: snapshot.maxConnections,
    usagePercent,
    error: snapshot.error,
    // latestSnapshot already sorts holders by total, largest first.
    topHolders: snapshot.applications.slice(0, TOP_HOLDERS),
  };
}
