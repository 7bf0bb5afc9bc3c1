/**
 * Cookie attributes for sign-in cookies: http-only, same-site, and Secure whenever the request
 * came over https. Sessions are Lax, so a link from an alert in Slack opens Lifeguard signed in
 * (Lax still withholds the cookie from cross-site POSTs); the admin-token cookie stays Strict.
 */
export function cookie(request: Request, name: string, value: string, options: { maxAgeSeconds?: number; sameSite?: 'Lax' | 'Strict' } = {}): string {
  const { maxAgeSeconds, sameSite = 'Lax' } = options;
  const proto = request.headers.get('x-forwarded-proto') ?? new URL(request.url).protocol.replace(':', '');
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', `SameSite=${sameSite}`];
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  if (proto === 'https') parts.push('Secure');
  return parts.join('; ');
}
