import type { z } from 'zod';
import { describeZodError, formatPath } from '../format/validation';
import { HttpError, badRequest } from './errors';

/** Every API answer that is not a success: `{"error": "what is wrong"}`. */
export function errorResponse(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * Wraps a route handler so that every failure becomes a JSON error: HttpErrors with their
 * status, a store that cannot be reached as 503, anything else as 500 (logged, not leaked).
 */
export function route<Context>(handler: (request: Request, context: Context) => Promise<Response>) {
  return async (request: Request, context: Context): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error.status, error.message, error.headers);
      if (isStoreUnavailable(error)) return errorResponse(503, 'the Lifeguard store is unavailable; retrying');
      console.error('lifeguard: unhandled error in', request.method, new URL(request.url).pathname, error);
      return errorResponse(500, 'internal error');
    }
  };
}

const STORE_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', 'P1001', 'P1017']);

function isStoreUnavailable(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && STORE_DOWN_CODES.has(code)) return true;
    if (cause instanceof Error && /Connection terminated|connect ECONNREFUSED/.test(cause.message)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface BodyOptions {
  /** Larger bodies are refused with 413 before being parsed. Default 64 KiB. */
  maxBytes?: number;
}

/** Reads a JSON body and validates it; a 400 that says what is wrong otherwise. */
export async function parseBody<Schema extends z.ZodType>(request: Request, schema: Schema, options: BodyOptions = {}): Promise<z.infer<Schema>> {
  const text = await readText(request, options.maxBytes ?? DEFAULT_MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('request body must be JSON');
  }
  const problem = unstorableText(body);
  if (problem) throw badRequest(problem);
  return parseWith(schema, body);
}

// NUL cannot be stored in a PostgreSQL text column (the insert fails with 22021, a 500), and a
// lone UTF-16 surrogate would be stored as U+FFFD: both are refused here, for every route at once.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

interface Visit {
  value: unknown;
  key?: PropertyKey;
  parent?: Visit;
}

/** The first string (key or value) PostgreSQL could not store as given, described for a person. */
function unstorableText(value: unknown): string | null {
  // Iterative, not recursive: JSON.parse accepts nesting far deeper than the call stack. Each
  // visit links to its parent, so the path is built only for the one string reported.
  const stack: Visit[] = [{ value }];
  const where = (visit: Visit) => {
    const path: PropertyKey[] = [];
    for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.unshift(at.key);
    return path.length > 0 ? `${formatPath(path)}: ` : '';
  };
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    const current = visit.value;
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return `${where(visit)}text must not contain NUL characters or unpaired surrogates`;
    } else if (Array.isArray(current)) {
      current.forEach((element, index) => stack.push({ value: element, key: index, parent: visit }));
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, element] of Object.entries(current)) {
        if (UNSTORABLE.test(key)) return `${where(visit)}field names must not contain NUL characters or unpaired surrogates`;
        stack.push({ value: element, key, parent: visit });
      }
    }
  }
  return null;
}

/**
 * The body as text, counted in bytes and read no further than the limit, so an oversized body
 * is refused without being held in memory whole (Content-Length may be absent or lie).
 */
async function readText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new HttpError(413, `request body is larger than ${maxBytes} bytes`);
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    // Fatal decoding: Buffer#toString would quietly turn bad bytes into U+FFFD and store them.
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    throw badRequest('request body is not valid UTF-8');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(describeZodError(result.error));
  return result.data;
}

/** Query-string parameters as a plain object, for a zod schema. */
export function searchParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
