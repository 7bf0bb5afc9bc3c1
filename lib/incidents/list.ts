import 'server-only';
import type { z } from 'zod';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import type { incidentListQuerySchema } from './schema';
import type { IncidentSummary } from './types';
import { summaryInclude, toIncidentSummary } from './views';

export type IncidentListQuery = z.infer<typeof incidentListQuerySchema>;

/**
 * Open incidents (anything not resolved) first, then resolved ones, each newest start first.
 * Two queries rather than one ORDER BY on an expression Prisma cannot express; each uses the
 * (status, started_at) index.
 */
export async function listIncidents(db: Db, query: IncidentListQuery = {}): Promise<IncidentSummary[]> {
  const severity: Prisma.IncidentWhereInput = query.severity ? { severity: query.severity } : {};
  const wantsOpen = query.status === undefined || query.status !== 'resolved';
  const wantsResolved = query.status === undefined || query.status === 'resolved';
  const openStatus: Prisma.IncidentWhereInput =
    query.status === undefined || query.status === 'open' ? { status: { not: 'resolved' } } : { status: query.status };
  const find = (where: Prisma.IncidentWhereInput) =>
    db.incident.findMany({ where: { ...where, ...severity }, include: summaryInclude, orderBy: [{ startedAt: 'desc' }, { number: 'desc' }] });
  const [open, resolved] = await Promise.all([wantsOpen ? find(openStatus) : [], wantsResolved ? find({ status: 'resolved' }) : []]);
  const now = new Date();
  return [...open, ...resolved].map((row) => toIncidentSummary(row, now));
}
