/**
 * The bearer token of the page's user, kept in sessionStorage (gone with the tab; never in a URL, so
 * never in a server log or a browser history).
 */
export interface Claims {
  readonly sub: string;
  readonly role: string;
  readonly exp?: number;
}

export function claimsOf(token: string): Claims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Partial<Claims>;
    if (typeof claims.sub !== 'string' || typeof claims.role !== 'string') return null;
    return { sub: claims.sub, role: claims.role, exp: claims.exp };
  } catch {
    return null;
  }
}

export const isExpired = (claims: Claims, now = Date.now()): boolean =>
  claims.exp !== undefined && claims.exp * 1000 <= now;

export function storedToken(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

export function storeToken(key: string, token: string | null): void {
  try {
    if (token) sessionStorage.setItem(key, token);
    else sessionStorage.removeItem(key);
  } catch {
    // storage refused (private mode): the token lives as long as the page
  }
}
