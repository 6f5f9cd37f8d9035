import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  type BareItem,
  type InnerList,
  type Item,
  parseDictionary,
  serializeInnerList,
} from 'structured-headers';

import { equalBytes, fromBase64, toBase64, utf8 } from './bytes.js';

/**
 * RFC 9421 HTTP Message Signatures, the part keytrail needs: one signature over derived components
 * and header fields, Ed25519 or ECDSA P-256 (raw r‖s), with RFC 9530 `Content-Digest` over the body.
 * Pure: the server checks a request with it and `keytrail verify` checks stored evidence with it.
 */
export type SourceAlgorithm = 'ed25519' | 'ecdsa-p256-sha256';
export const SOURCE_ALGORITHMS: readonly SourceAlgorithm[] = ['ed25519', 'ecdsa-p256-sha256'];

/** What a carmaker's connector must sign: the body (by its digest), where it was sent, and how. */
export const REQUIRED_COMPONENTS = ['content-digest', '@path', '@method'] as const;

/**
 * What a signature may cover: derived components keytrail rebuilds as the connector sent them (not
 * the scheme, which a TLS proxy changes), and header fields that are safe to store in clear for
 * ever (never `authorization`: the evidence keeps each covered value).
 */
const COVERABLE = new Set([
  '@method',
  '@path',
  '@query',
  '@authority',
  'content-digest',
  'content-type',
  'content-length',
  'date',
  'idempotency-key',
]);

export class SignatureHeaderError extends Error {
  override name = 'SignatureHeaderError';
}

/** One signature as its two headers state it, parsed (RFC 9421 §4.1, §4.2). */
export interface ParsedSignature {
  readonly label: string;
  /** Covered component identifiers, in order. */
  readonly components: readonly string[];
  readonly keyId: string;
  readonly algorithm: string | null;
  /** Unix seconds. */
  readonly created: number;
  readonly expires: number | null;
  /** The `@signature-params` value, serialized as RFC 8941 says (what the signature base holds). */
  readonly signatureParams: string;
  readonly signature: Uint8Array;
}

/** Whole seconds from 1970 to the end of year 9999: any other number is no time a key signs at. */
const isUnixTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 253402300799;

const isInnerList = (member: Item | InnerList): member is InnerList => Array.isArray(member[0]);

function dictionary(name: string, value: string): Map<string, Item | InnerList> {
  try {
    return parseDictionary(value);
  } catch (error) {
    throw new SignatureHeaderError(
      `${name} is not an RFC 8941 dictionary: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

const bytesOf = (item: BareItem): Uint8Array | null =>
  item instanceof ArrayBuffer ? new Uint8Array(item) : null;

/** The one signature of `Signature-Input` and `Signature`; more than one is refused, not guessed at. */
export function parseSignatureHeaders(
  signatureInput: string,
  signature: string,
  required: readonly string[] = REQUIRED_COMPONENTS,
): ParsedSignature {
  const inputs = dictionary('Signature-Input', signatureInput);
  const signatures = dictionary('Signature', signature);
  if (inputs.size !== 1 || signatures.size !== 1)
    throw new SignatureHeaderError('exactly one signature is expected (one label in each header)');
  const [label, input] = [...inputs][0]!;
  const signed = signatures.get(label);
  if (!signed) throw new SignatureHeaderError(`Signature has no member ${label}`);
  if (!isInnerList(input))
    throw new SignatureHeaderError(`Signature-Input ${label} is not an inner list`);
  if (isInnerList(signed) || !bytesOf(signed[0]))
    throw new SignatureHeaderError(`Signature ${label} is not a byte sequence`);
  const [items, params] = input;
  const components = items.map(([name, itemParams]) => {
    if (typeof name !== 'string' || itemParams.size > 0)
      throw new SignatureHeaderError(
        'a covered component is a plain string (parameters such as ;sf or ;req are not accepted)',
      );
    if (!COVERABLE.has(name))
      throw new SignatureHeaderError(`cannot cover the component "${name}"`);
    return name;
  });
  if (new Set(components).size !== components.length)
    throw new SignatureHeaderError('a component is covered twice');
  const missing = required.filter((name) => !components.includes(name));
  if (missing.length > 0)
    throw new SignatureHeaderError(`the signature must cover ${missing.join(', ')}`);
  const param = (name: string): unknown => params.get(name);
  const [keyId, created, expires, algorithm] = ['keyid', 'created', 'expires', 'alg'].map(param);
  if (typeof keyId !== 'string' || keyId.length === 0)
    throw new SignatureHeaderError('keyid is missing');
  if (!isUnixTime(created))
    throw new SignatureHeaderError('created is missing or not a time in whole seconds');
  if (expires !== undefined && !isUnixTime(expires))
    throw new SignatureHeaderError('expires is not a time in whole seconds');
  if (algorithm !== undefined && typeof algorithm !== 'string')
    throw new SignatureHeaderError('alg is not a string');
  let signatureParams: string;
  try {
    signatureParams = serializeInnerList(input);
  } catch (error) {
    throw new SignatureHeaderError(`Signature-Input ${label}: ${(error as Error).message}`);
  }
  return {
    label,
    components,
    keyId,
    algorithm: typeof algorithm === 'string' ? algorithm : null,
    created,
    expires: typeof expires === 'number' ? expires : null,
    signatureParams,
    signature: bytesOf(signed[0])!,
  };
}

/** One covered component and its value as the signature base states it. */
export interface CoveredComponent {
  readonly name: string;
  readonly value: string;
}

/** The signature base (RFC 9421 §2.5): one line per component, then `@signature-params`. */
export const signatureBase = (
  components: readonly CoveredComponent[],
  signatureParams: string,
): string =>
  [
    ...components.map(({ name, value }) => `"${name}": ${value}`),
    `"@signature-params": ${signatureParams}`,
  ].join('\n');

/** Whether `signature` over the signature base verifies with the raw public key. */
export function verifySignatureBase(
  algorithm: SourceAlgorithm,
  publicKey: Uint8Array,
  base: string,
  signature: Uint8Array,
): boolean {
  try {
    return algorithm === 'ed25519'
      ? ed25519.verify(signature, utf8(base), publicKey)
      : // RFC 9421 §3.3.4: r‖s, SHA-256 of the base; a high s is valid ECDSA (Node signs with it).
        p256.verify(signature, utf8(base), publicKey, { prehash: true, lowS: false });
  } catch {
    return false;
  }
}

/**
 * Whether an RFC 9530 `Content-Digest` value states the body's SHA-256. Every `sha-256` member
 * must match; other algorithms are not read, and a value without `sha-256` proves nothing.
 */
export function contentDigestMatches(contentDigest: string, body: Uint8Array): boolean {
  const members = dictionary('Content-Digest', contentDigest);
  const stated = members.get('sha-256');
  if (!stated || isInnerList(stated) || !bytesOf(stated[0]))
    throw new SignatureHeaderError('Content-Digest has no sha-256 byte sequence');
  return equalBytes(bytesOf(stated[0])!, sha256(body));
}

/** `Content-Digest: sha-256=:…:` for a body (what a connector sends). */
export const contentDigestOf = (body: Uint8Array): string => `sha-256=:${toBase64(sha256(body))}:`;

/** A stored body (base64) as bytes, or null when it is not in clear (sealed, or erased). */
export function bodyBytes(body: unknown): Uint8Array | null {
  if (typeof body !== 'string') return null;
  try {
    return fromBase64(body);
  } catch {
    return null;
  }
}
