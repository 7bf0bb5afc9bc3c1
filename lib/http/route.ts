import type { z } from 'zod';
import { HttpError, badRequest } from './errors';

/** Every API answer that is not a success: `{"error": "what is wrong"}`. */
export function errorResponse(status: number, message: string): Response {
  return Response.json({ error: message }, { status, headers: { 'Cache-Control': 'no-store' } });
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
      if (error instanceof HttpError) return errorResponse(error.status, error.message);
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

/** The first validation problem, phrased for a person: "intervalMs: must be at least 250", "reports[3].poolMax: must be ≥ 0". */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  return issue.path.length > 0 ? `${formatPath(issue.path)}: ${issue.message}` : issue.message;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${String(key)}`)).join('');
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
  return parseWith(schema, body);
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
  return Buffer.concat(chunks).toString('utf8');
}

export function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(describeZodError(result.error));
  return result.data;
}

/** Query-string parameters as a plain object, for a zod schema. */
export function searchParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
