import 'server-only';
import type { Db } from '../store/db';
import { assertIncident } from '../incidents/get';
import { latestSnapshot } from '../samples/snapshot';
import { getTarget } from '../targets/targets';
import { findingExtras } from './extras';
import type { Finding } from './types';

const TOP_HOLDERS = 10;

/**
 * What "Did we check the connection pool?" shows: for every target linked to the incident, its
 * finding — the latest sample's usage against the connections applications can actually open,
 * and who holds them, the budget arithmetic, since when the climb started and each reporting
 * instance's pool. Read from the samples and reports already stored, so it costs the target nothing.
 */
export async function incidentFindings(db: Db, incidentId: string): Promise<Finding[]> {
  const links = await db.incidentTarget.findMany({ where: { incidentId }, include: { target: { select: { id: true, name: true } } } });
  const targets = links.map((link) => link.target).sort((a, b) => a.name.localeCompare(b.name));
  return Promise.all(targets.map((target) => findingFor(db, target)));
}

/** GET /api/incidents/{id}/pool-evidence: the linked targets' findings now, 404 for an unknown incident. */
export async function getIncidentFindings(db: Db, incidentId: string): Promise<Finding[]> {
  await assertIncident(db, incidentId);
  return incidentFindings(db, incidentId);
}

/** GET /api/targets/{id}/finding: the finding of one target (the dashboard's panel); 404 for an unknown target. */
export async function getTargetFinding(db: Db, targetId: string): Promise<Finding> {
  const target = await getTarget(db, targetId);
  return findingFor(db, { id: target.id, name: target.name });
}

async function findingFor(db: Db, target: { id: string; name: string }): Promise<Finding> {
  const snapshot = await latestSnapshot(db, target.id);
  const extras = await findingExtras(db, target, snapshot);
  if (!snapshot) {
    return {
      ...extras,
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
    ...extras,
  };
}
