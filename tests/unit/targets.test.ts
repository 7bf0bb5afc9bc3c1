import { describe, expect, it } from 'vitest';
import { redactUrl } from '@/lib/targets/redact';
import { targetInputSchema } from '@/lib/targets/schema';

describe('redactUrl', () => {
  it('drops the password and keeps user, host, port and database', () => {
    expect(redactUrl('postgres://app:s3cret@db.internal:5432/prod?sslmode=require')).toBe('postgres://app@db.internal:5432/prod?sslmode=require');
  });

  it('never echoes an unparseable value', () => {
    expect(redactUrl('not a url with s3cret')).toBe('(invalid url)');
  });
});

describe('targetInputSchema', () => {
  const valid = { name: 'production', url: 'postgres://u:p@127.0.0.1:5432/app' };

  it('accepts a name, a PostgreSQL URL and an optional interval', () => {
    expect(targetInputSchema.parse({ ...valid, intervalMs: 500 })).toEqual({ ...valid, intervalMs: 500 });
  });

  it.each([
    [{ url: valid.url }, 'name'],
    [{ ...valid, name: '' }, 'name is required'],
    [{ ...valid, url: 'mysql://x/y' }, 'PostgreSQL connection URL'],
    [{ ...valid, intervalMs: -5 }, 'at least 250'],
    [{ ...valid, intervalMs: 1.5 }, 'whole number'],
    [{ ...valid, extra: true }, 'extra'],
  ])('rejects %o with a message mentioning %s', (input, message) => {
    const result = targetInputSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });
});
