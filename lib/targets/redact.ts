/** A connection URL without its password, fit to show: postgres://app@db.internal:5432/prod */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(invalid url)';
  }
}
