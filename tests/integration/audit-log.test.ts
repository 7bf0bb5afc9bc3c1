import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as rulesRoute from '@/app/api/alert-rules/route';
import * as ruleRoute from '@/app/api/alert-rules/[id]/route';
import * as templatesRoute from '@/app/api/checklist-templates/route';
import * as templateRoute from '@/app/api/checklist-templates/[id]/route';
import * as receiversRoute from '@/app/api/receivers/route';
import * as receiverRoute from '@/app/api/receivers/[id]/route';
import * as silencesRoute from '@/app/api/silences/route';
import * as silenceRoute from '@/app/api/silences/[id]/route';
import * as targetsRoute from '@/app/api/targets/route';
import * as targetRoute from '@/app/api/targets/[id]/route';
import * as tokensRoute from '@/app/api/tokens/route';
import * as tokenRoute from '@/app/api/tokens/[id]/route';
import * as usersRoute from '@/app/api/users/route';
import * as userRoute from '@/app/api/users/[id]/route';
import { rowCounts, signedIn } from '../support/accounts';
import { idParams, noParams, request, startTestApp } from '../support/app';

/**
 * Every write that changes configuration — checklist templates, silences, receivers, alert rules,
 * targets, users, API tokens — leaves exactly one audit entry naming the change and who made it,
 * written with the change; a refused write leaves neither.
 */
let app: Awaited<ReturnType<typeof startTestApp>>;
let admin: { id: string; cookie: string };
let responder: { id: string; cookie: string };

beforeAll(async () => {
  app = await startTestApp();
  admin = await signedIn(app.store.db, 'admin');
  responder = await signedIn(app.store.db, 'responder');
});
afterAll(async () => {
  await app?.stop();
});

const DEFAULT_TEMPLATE = '00000000-0000-4000-8000-000000000001';
const BUILT_IN_RULE = '00000000-0000-4000-8000-000000000203';
const UNKNOWN = '6f1c0c9e-8a53-4a47-9d55-7d1f0e0b6a11';

type Handler<Context> = (request: Request, context: Context) => Promise<Response>;
type Who = 'admin' | 'responder';
const cookie = (who: Who) => (who === 'admin' ? admin : responder).cookie;

const send = <Context>(handler: Handler<Context>, context: Context, who: Who, method: string, json?: unknown) =>
  handler(request('/api/audited', { method, json, headers: { cookie: cookie(who) } }), context);

/**
 * Makes one write and answers its body, after checking it left exactly one new audit entry with
 * this action, by this person, about this subject (the created resource's id when not given).
 */
async function audited(
  expected: { action: string; subjectType: string; subjectId?: string; status: number },
  who: Who,
  write: () => Promise<Response>,
): Promise<{ id: string }> {
  const before = new Set((await app.store.db.auditEntry.findMany({ select: { id: true } })).map((row) => row.id));
  const response = await write();
  expect(response.status, await response.clone().text()).toBe(expected.status);
  const body = (response.status === 204 ? {} : await response.json()) as { id: string };
  const added = (await app.store.db.auditEntry.findMany()).filter((row) => !before.has(row.id));
  expect(added).toHaveLength(1);
  expect(added[0]).toMatchObject({
    action: expected.action,
    actor: `${who} person (user)`,
    subjectType: expected.subjectType,
    subjectId: expected.subjectId ?? body.id,
  });
  return body;
}

describe('configuration writes through the API', () => {
  it('audit checklist templates: create and update', async () => {
    const created = await audited({ action: 'template.create', subjectType: 'checklist_template', status: 201 }, 'admin', () =>
      send(templatesRoute.POST, noParams, 'admin', 'POST', { name: 'Replica lag', items: [{ text: 'Is the replica behind?' }] }),
    );
    await audited({ action: 'template.update', subjectType: 'checklist_template', subjectId: created.id, status: 200 }, 'admin', () =>
      send(templateRoute.PATCH, idParams(created.id), 'admin', 'PATCH', { archived: true }),
    );
  });

  it('audit silences, set and ended by a responder', async () => {
    const silence = await audited({ action: 'silence.create', subjectType: 'silence', status: 201 }, 'responder', () =>
      send(silencesRoute.POST, noParams, 'responder', 'POST', { durationMinutes: 30, reason: 'planned failover' }),
    );
    await audited({ action: 'silence.delete', subjectType: 'silence', subjectId: silence.id, status: 204 }, 'responder', () =>
      send(silenceRoute.DELETE, idParams(silence.id), 'responder', 'DELETE'),
    );
  });

  it('audit receivers: create, update, delete', async () => {
    const receiver = await audited({ action: 'receiver.create', subjectType: 'receiver', status: 201 }, 'admin', () =>
      send(receiversRoute.POST, noParams, 'admin', 'POST', { name: 'on-call hook', url: 'https://hooks.example.test/lifeguard' }),
    );
    await audited({ action: 'receiver.update', subjectType: 'receiver', subjectId: receiver.id, status: 200 }, 'admin', () =>
      send(receiverRoute.PATCH, idParams(receiver.id), 'admin', 'PATCH', { enabled: false }),
    );
    await audited({ action: 'receiver.delete', subjectType: 'receiver', subjectId: receiver.id, status: 204 }, 'admin', () =>
      send(receiverRoute.DELETE, idParams(receiver.id), 'admin', 'DELETE'),
    );
  });

  it('audit alert rules: create, update, delete', async () => {
    const rule = await audited({ action: 'rule.create', subjectType: 'alert_rule', status: 201 }, 'admin', () =>
      send(rulesRoute.POST, noParams, 'admin', 'POST', { name: 'Lock waiters', metric: 'waiting', threshold: 5 }),
    );
    await audited({ action: 'rule.update', subjectType: 'alert_rule', subjectId: rule.id, status: 200 }, 'admin', () =>
      send(ruleRoute.PATCH, idParams(rule.id), 'admin', 'PATCH', { threshold: 8 }),
    );
    await audited({ action: 'rule.delete', subjectType: 'alert_rule', subjectId: rule.id, status: 204 }, 'admin', () =>
      send(ruleRoute.DELETE, idParams(rule.id), 'admin', 'DELETE'),
    );
  });

  it('audit targets: create, change settings, delete', async () => {
    const target = await audited({ action: 'target.create', subjectType: 'target', status: 201 }, 'admin', () =>
      send(targetsRoute.POST, noParams, 'admin', 'POST', { name: 'orders-db', url: 'postgres://app:secret@127.0.0.1:1/orders' }),
    );
    await audited({ action: 'target.settings', subjectType: 'target', subjectId: target.id, status: 200 }, 'admin', () =>
      send(targetRoute.PATCH, idParams(target.id), 'admin', 'PATCH', { allowDrills: true }),
    );
    await audited({ action: 'target.delete', subjectType: 'target', subjectId: target.id, status: 204 }, 'admin', () =>
      send(targetRoute.DELETE, idParams(target.id), 'admin', 'DELETE'),
    );
  });

  it('audit users: create and update', async () => {
    const user = await audited({ action: 'user.create', subjectType: 'user', status: 201 }, 'admin', () =>
      send(usersRoute.POST, noParams, 'admin', 'POST', { email: 'new.viewer@test.local', displayName: 'New viewer', password: 'long enough password' }),
    );
    await audited({ action: 'user.update', subjectType: 'user', subjectId: user.id, status: 200 }, 'admin', () =>
      send(userRoute.PATCH, idParams(user.id), 'admin', 'PATCH', { role: 'responder' }),
    );
  });

  it('audit API tokens: create and revoke', async () => {
    const token = await audited({ action: 'token.create', subjectType: 'token', status: 201 }, 'admin', () =>
      send(tokensRoute.POST, noParams, 'admin', 'POST', { name: 'ci', scope: 'read' }),
    );
    await audited({ action: 'token.revoke', subjectType: 'token', subjectId: token.id, status: 204 }, 'admin', () =>
      send(tokenRoute.DELETE, idParams(token.id), 'admin', 'DELETE'),
    );
  });
});

describe('a refused configuration write', () => {
  // Bad bodies (refused by the schema) and refusals only the store can decide (refused inside the
  // change's transaction, where the audit entry would be written).
  const refusals: [string, () => Promise<Response>, number][] = [
    ['a template without items', () => send(templatesRoute.POST, noParams, 'admin', 'POST', { name: 'Empty', items: [] }), 400],
    ['archiving the default template', () => send(templateRoute.PATCH, idParams(DEFAULT_TEMPLATE), 'admin', 'PATCH', { archived: true }), 400],
    ['a silence of no minutes', () => send(silencesRoute.POST, noParams, 'responder', 'POST', { durationMinutes: 0 }), 400],
    ['a silence of an unknown rule', () => send(silencesRoute.POST, noParams, 'responder', 'POST', { ruleId: UNKNOWN, durationMinutes: 5 }), 400],
    ['ending an unknown silence', () => send(silenceRoute.DELETE, idParams(UNKNOWN), 'responder', 'DELETE'), 404],
    ['a receiver with an ftp URL', () => send(receiversRoute.POST, noParams, 'admin', 'POST', { name: 'x', url: 'ftp://example.test/' }), 400],
    ['an unknown receiver changed', () => send(receiverRoute.PATCH, idParams(UNKNOWN), 'admin', 'PATCH', { enabled: false }), 404],
    ['a rule with a text threshold', () => send(rulesRoute.POST, noParams, 'admin', 'POST', { name: 'x', metric: 'waiting', threshold: 'high' }), 400],
    ['a built-in rule given another metric', () => send(ruleRoute.PATCH, idParams(BUILT_IN_RULE), 'admin', 'PATCH', { metric: 'waiting' }), 400],
    ['a built-in rule deleted', () => send(ruleRoute.DELETE, idParams(BUILT_IN_RULE), 'admin', 'DELETE'), 400],
    ['a target with a bad name', () => send(targetsRoute.POST, noParams, 'admin', 'POST', { name: 'bad name!', url: 'postgres://a@127.0.0.1/x' }), 400],
    ['a target setting that is not a boolean', () => send(targetRoute.PATCH, idParams(UNKNOWN), 'admin', 'PATCH', { allowDrills: 'yes' }), 400],
    ['a user with a short password', () => send(usersRoute.POST, noParams, 'admin', 'POST', { email: 'x@test.local', displayName: 'X', password: 'short' }), 400],
    ['an admin demoting themselves', () => send(userRoute.PATCH, idParams(admin.id), 'admin', 'PATCH', { role: 'viewer' }), 400],
    ['a token of an unknown scope', () => send(tokensRoute.POST, noParams, 'admin', 'POST', { name: 'x', scope: 'root' }), 400],
    ['revoking an unknown token', () => send(tokenRoute.DELETE, idParams(UNKNOWN), 'admin', 'DELETE'), 404],
  ];

  it.each(refusals)('%s: answers the refusal and writes nothing, no audit entry either', async (_label, write, status) => {
    const before = await rowCounts(app.store.db);
    const response = await write();
    expect(response.status, await response.clone().text()).toBe(status);
    expect(await rowCounts(app.store.db)).toEqual(before);
  });
});
