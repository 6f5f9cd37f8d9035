import { createHash, type KeyObject, sign } from 'node:crypto';

/**
 * A carmaker connector's RFC 9421 signer, written from the RFC with node:crypto alone (independent of
 * the structured-headers and @noble code under test): the headers to send with a body.
 */
export interface SignOptions {
  readonly method?: string;
  readonly path: string;
  /** The exact body bytes sent. */
  readonly body: string;
  readonly privateKey: KeyObject;
  readonly keyId: string;
  /** Unix seconds. */
  readonly created: number;
  readonly expires?: number;
  readonly components?: readonly string[];
  /** The body whose digest is stated (default: the body sent). */
  readonly digestOf?: string;
}

export const contentDigest = (body: string) =>
  `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;

export function signedHeaders(options: SignOptions): Record<string, string> {
  const method = options.method ?? 'POST';
  const components = options.components ?? ['content-digest', '@path', '@method'];
  const digest = contentDigest(options.digestOf ?? options.body);
  const values: Record<string, string> = {
    'content-digest': digest,
    '@path': options.path,
    '@method': method,
    'content-type': 'application/json',
  };
  const ed25519 = options.privateKey.asymmetricKeyType === 'ed25519';
  const params =
    `(${components.map((c) => `"${c}"`).join(' ')});created=${options.created}` +
    (options.expires !== undefined ? `;expires=${options.expires}` : '') +
    `;keyid="${options.keyId}";alg="${ed25519 ? 'ed25519' : 'ecdsa-p256-sha256'}"`;
  const base = [
    ...components.map((c) => `"${c}": ${values[c]}`),
    `"@signature-params": ${params}`,
  ].join('\n');
  const signature = ed25519
    ? sign(null, Buffer.from(base), options.privateKey)
    : sign('sha256', Buffer.from(base), { key: options.privateKey, dsaEncoding: 'ieee-p1363' });
  return {
    'content-type': 'application/json',
    'content-digest': digest,
    'signature-input': `sig1=${params}`,
    signature: `sig1=:${signature.toString('base64')}:`,
  };
}
