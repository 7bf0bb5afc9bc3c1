import { describe, expect, it } from 'vitest';
import { classifyFailure, isConnectionBroken } from '@/lib/collector/failure';

/** Shaped like node-postgres' DatabaseError / Node's system errors: a message and a code. */
function errorWith(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('classifyFailure', () => {
  it('reports 53300 as refusing new connections because of too many clients', () => {
    expect(classifyFailure(errorWith('sorry, too many clients already', '53300'))).toEqual({
      error: 'refusing new connections: too many clients already (SQLSTATE 53300)',
      errorCode: '53300',
    });
  });

  it('keeps "too many clients" in the message for the reserved-slots variant of 53300', () => {
    const failure = classifyFailure(errorWith('remaining connection slots are reserved for roles with the SUPERUSER attribute', '53300'));
    expect(failure.errorCode).toBe('53300');
    expect(failure.error).toMatch(/^refusing new connections: too many clients \(remaining connection slots/);
  });

  it('reports other refusals (53400 connection limit, 57P03 starting up) as refusing new connections', () => {
    expect(classifyFailure(errorWith('too many connections for role "app"', '53400'))).toEqual({
      error: 'refusing new connections: too many connections for role "app" (SQLSTATE 53400)',
      errorCode: '53400',
    });
    expect(classifyFailure(errorWith('the database system is starting up', '57P03')).error).toMatch(/^refusing new connections: .*starting up/);
  });

  it('reports ECONNREFUSED as unreachable', () => {
    expect(classifyFailure(errorWith('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toEqual({
      error: 'unreachable: connection refused (ECONNREFUSED)',
      errorCode: 'ECONNREFUSED',
    });
  });

  it('reports an administrator shutdown as the server terminating the connection', () => {
    expect(classifyFailure(errorWith('terminating connection due to administrator command', '57P01'))).toEqual({
      error: 'connection terminated by the server: terminating connection due to administrator command (SQLSTATE 57P01)',
      errorCode: '57P01',
    });
  });

  it('gives node-postgres timeouts and lost sockets a Node code', () => {
    expect(classifyFailure(errorWith('Connection terminated due to connection timeout')).errorCode).toBe('ETIMEDOUT');
    expect(classifyFailure(errorWith('Query read timeout')).errorCode).toBe('ETIMEDOUT');
    expect(classifyFailure(errorWith('Connection terminated unexpectedly')).errorCode).toBe('ECONNRESET');
  });

  it('keeps other errors as they are', () => {
    expect(classifyFailure(errorWith('password authentication failed for user "x"', '28P01')).error).toMatch(/^authentication failed/);
    expect(classifyFailure(errorWith('permission denied', '42501'))).toEqual({ error: 'permission denied (SQLSTATE 42501)', errorCode: '42501' });
    expect(classifyFailure('something odd')).toEqual({ error: 'something odd', errorCode: null });
  });
});

describe('isConnectionBroken', () => {
  it('keeps the connection after SQL errors, including a statement timeout', () => {
    expect(isConnectionBroken(errorWith('canceling statement due to statement timeout', '57014'))).toBe(false);
    expect(isConnectionBroken(errorWith('permission denied', '42501'))).toBe(false);
  });

  it('replaces the connection after socket errors, shutdowns and client-side timeouts', () => {
    expect(isConnectionBroken(errorWith('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isConnectionBroken(errorWith('connection failure', '08006'))).toBe(true);
    expect(isConnectionBroken(errorWith('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isConnectionBroken(errorWith('Query read timeout'))).toBe(true);
  });
});
