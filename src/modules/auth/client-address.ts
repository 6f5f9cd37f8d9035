import type { IncomingHttpHeaders } from 'node:http';

/** Longer than any IPv6 text with a zone: anything longer is not an address, and is cut. */
const MAX_ADDRESS_LENGTH = 64;

/**
 * The caller's address: the socket's, or, behind `trustedHops` proxies that each append the address
 * they were called from to `X-Forwarded-For`, the entry that many hops back. Entries further left were
 * written by the caller and are never believed; with 0 hops the header is ignored altogether.
 */
export function clientAddress(
  request: { readonly socket: { readonly remoteAddress?: string }; headers: IncomingHttpHeaders },
  trustedHops: number,
): string {
  const socket = request.socket.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return socket;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const chain = [...forwarded, socket];
  return chain[Math.max(0, chain.length - 1 - trustedHops)]!.slice(0, MAX_ADDRESS_LENGTH);
}
