import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import type { Actor } from '../accounts/actor';
import { recordAudit } from '../accounts/audit';
import { badRequest, conflict, notFound } from '../http/errors';
import { transaction } from '../store/transaction';
import { isUuid } from '../store/values';
import { addExtension } from '../runtime';
import { revealSecret } from '../secrets/key';
import { drillParamsSchema, type CurvePoint, type DrillParams, type DrillReportView, type DrillStatus } from './schema';
import { runDrill, type DrillOutcome, type DrillProgress, type RunningDrill } from './runner';

/**
 * Drills as a resource: start, list, read, cancel. A drill runs in the process that received the
 * request; its report lives in the store (written every few seconds and at the end), so every
 * replica can show it.
 */
export const MAX_RUNNING_DRILLS = 2;
const FLUSH_EVERY_POINTS = 5;
const HISTORY_LIMIT = 50;
// Longest drill (600 s) plus the pools closing, with room: a 'running' row older than this was
// left by a process that died mid-drill, and must not block the target forever.
const STALE_AFTER_MS = 15 * 60 * 1000;

interface Entry {
  targetId: string;
  drill: RunningDrill;
  /** Resolves once the final report is written. */
  settled: Promise<void>;
}

/** On globalThis, like the services (lib/runtime): Next may load this module twice in one process. */
interface Registry {
  running: Map<string, Entry>;
  /** Targets whose drill is being set up: taken synchronously, so two requests at once cannot both start one. */
  starting: Set<string>;
}
const globalForDrills = globalThis as unknown as { lifeguardDrills?: Registry };
const registry = (globalForDrills.lifeguardDrills ??= { running: new Map(), starting: new Set() });

const busyTargets = () => new Set([...registry.starting, ...[...registry.running.values()].map((e) => e.targetId)]);

export async function startDrill(db: Db, actor: Actor, targetId: string, input: DrillParams): Promise<DrillReportView> {
  if (busyTargets().has(targetId)) throw conflict('a drill is already running on this target');
  if (busyTargets().size >= MAX_RUNNING_DRILLS) throw conflict(`${MAX_RUNNING_DRILLS} drills are already running; wait for one to end`);
  registry.starting.add(targetId);
  try {
    const target = isUuid(targetId) ? await db.target.findUnique({ where: { id: targetId } }) : null;
    if (!target) throw notFound(`no target with id ${targetId}`);
    if (!target.allowDrills) throw badRequest('drills are not allowed on this target');
    // A pgbouncer target's URL is PgBouncer's admin console, which runs no queries.
    if (target.kind !== 'postgres') throw badRequest('drills run against PostgreSQL targets; run it on the database behind this pooler');
    const params = drillParamsSchema.parse(input);
    await db.drillReport.updateMany({
      where: { status: 'running', startedAt: { lt: new Date(Date.now() - STALE_AFTER_MS) } },
      data: { status: 'failed', finishedAt: new Date(), error: 'interrupted: the Lifeguard process running it stopped' },
    });
    // Another replica's drill is only visible in the store.
    if ((await db.drillReport.count({ where: { targetId, status: 'running' } })) > 0) throw conflict('a drill is already running on this target');
    const url = revealSecret(target.url);
    const row = await transaction(db, async (tx) => {
      const created = await tx.drillReport.create({ data: { targetId, status: 'running', startedBy: actor.name, params: { ...params }, latencyCurve: [] } });
      await recordAudit(tx, actor, { action: 'drill.start', subjectType: 'target', subjectId: targetId, details: { drill: created.id, ...params } });
      return created;
    });
    launch(db, row.id, targetId, url, params);
    return toView(row);
  } finally {
    registry.starting.delete(targetId);
  }
}

function launch(db: Db, id: string, targetId: string, url: string, params: DrillParams): void {
  // Writes are chained so a slow flush never overtakes the next one (or the final report).
  let writes: Promise<unknown> = Promise.resolve();
  const write = (data: Prisma.DrillReportUpdateInput) => {
    writes = writes.then(() => db.drillReport.update({ where: { id }, data })).catch((error: unknown) => console.error('lifeguard: drill report not saved:', error));
    return writes;
  };
  const drill = runDrill({
    url,
    params,
    onPoint: (_point, progress) => {
      if (progress.curve.length % FLUSH_EVERY_POINTS === 0) void write(progressData(progress));
    },
  });
  const settled = drill.done
    .catch((error: unknown): DrillOutcome => ({ ...drill.progress(), status: 'failed', error: String(error) }))
    .then(async (outcome) => {
      await write({ ...progressData(outcome), status: outcome.status, error: outcome.error, finishedAt: new Date() });
    })
    .finally(() => registry.running.delete(id));
  registry.running.set(id, { targetId, drill, settled });
  // Stopped with the services (SIGTERM, tests), before the store closes, so the report is final.
  // The extension holds no reference to this drill, so a long history of drills retains nothing.
  addExtension({ stop: stopAllDrills });
}

function progressData(progress: DrillProgress): Prisma.DrillReportUpdateInput {
  return {
    latencyCurve: progress.curve.map((point) => ({ ...point })),
    peakConnections: progress.peakConnections,
    firstRefusalAt: progress.firstRefusalAt,
  };
}

/** Cancels a drill running in this process and answers its final report. */
export async function cancelDrill(db: Db, actor: Actor, id: string): Promise<DrillReportView> {
  const report = await getDrill(db, id);
  const entry = registry.running.get(id);
  if (!entry) {
    if (report.status === 'running') throw conflict('this drill runs on another Lifeguard replica; cancel it there');
    throw conflict(`the drill is not running (${report.status})`);
  }
  entry.drill.cancel(`cancelled by ${actor.name}`);
  await recordAudit(db, actor, { action: 'drill.cancel', subjectType: 'target', subjectId: entry.targetId, details: { drill: id } });
  await entry.settled;
  return getDrill(db, id);
}

export async function listDrills(db: Db, targetId: string): Promise<DrillReportView[]> {
  const target = isUuid(targetId) ? await db.target.findUnique({ where: { id: targetId }, select: { id: true } }) : null;
  if (!target) throw notFound(`no target with id ${targetId}`);
  const rows = await db.drillReport.findMany({ where: { targetId }, orderBy: { startedAt: 'desc' }, take: HISTORY_LIMIT });
  return rows.map(toView);
}

export async function getDrill(db: Db, id: string): Promise<DrillReportView> {
  const row = isUuid(id) ? await db.drillReport.findUnique({ where: { id } }) : null;
  if (!row) throw notFound(`no drill with id ${id}`);
  return toView(row);
}

/** Stops every drill of this process (idempotent); the services' stop does it through addExtension too. */
export async function stopAllDrills(): Promise<void> {
  const entries = [...registry.running.values()];
  for (const entry of entries) entry.drill.cancel('the Lifeguard server stopped');
  await Promise.allSettled(entries.map((entry) => entry.settled));
}

type DrillRow = Awaited<ReturnType<Db['drillReport']['findUniqueOrThrow']>>;

/** A running drill of this process shows its in-memory progress, fresher than the last flush. */
function toView(row: DrillRow): DrillReportView {
  const live = row.status === 'running' ? registry.running.get(row.id)?.drill.progress() : undefined;
  return {
    id: row.id,
    targetId: row.targetId,
    status: row.status as DrillStatus,
    startedBy: row.startedBy,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    params: drillParamsSchema.parse(row.params),
    peakConnections: live ? live.peakConnections : row.peakConnections,
    firstRefusalAt: (live ? live.firstRefusalAt : row.firstRefusalAt)?.toISOString() ?? null,
    latencyCurve: live ? [...live.curve] : ((row.latencyCurve ?? []) as unknown as CurvePoint[]),
    error: row.error,
  };
}
