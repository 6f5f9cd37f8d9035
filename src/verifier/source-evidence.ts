import {
  bodyBytes,
  contentDigestMatches,
  type CoveredComponent,
  parseSignatureHeaders,
  signatureBase,
  type SourceAlgorithm,
  verifySignatureBase,
} from './http-signature.js';
import type { SourcePublicKey } from './source-key.js';

/**
 * A carmaker's signature over the request that carried a fact, as keytrail checked it on arrival and
 * stored it in the data of each event the request caused (`sourceSignature`). Its absence: unsigned.
 */
export interface SourceSignatureEvidence {
  /** Who signed: a carmaker's connector (`volvo`…), or `device` for a courier's device. */
  readonly carmaker: string;
  /** For a device: the courier it was registered to (its key id is the deviceId). */
  readonly courierId?: string;
  readonly keyId: string;
  readonly algorithm: SourceAlgorithm;
  /** `created` of the signature, by the connector's clock (ISO 8601). */
  readonly created: string;
  readonly expires: string | null;
  /** The two headers exactly as received. */
  readonly signatureInput: string;
  readonly signature: string;
  /** The covered components and their values, in order: with the headers, the signature base. */
  readonly components: readonly CoveredComponent[];
  /** The body's exact bytes, base64: a personal field (VIN, position), sealed like the payload. */
  readonly body: unknown;
}

/** A key the verifier was given for a carmaker's key id (`--source-key volvo:K=…`). */
export interface TrustedSourceKey extends SourcePublicKey {
  readonly carmaker: string;
  readonly keyId: string;
}

export type SourceCheck =
  | { readonly status: 'verified' | 'unchecked'; readonly notes: readonly string[] }
  | { readonly status: 'failed'; readonly problem: string };

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * Checks stored evidence offline: the headers state what the evidence says (key id, created, the
 * components), the signature verifies over the signature base with the trusted key, and, where the
 * body is in clear, its SHA-256 is the signed Content-Digest. Without a key for it: `unchecked`.
 */
export function checkSourceEvidence(
  evidence: SourceSignatureEvidence,
  keys: readonly TrustedSourceKey[],
): SourceCheck {
  const fail = (problem: string): SourceCheck => ({ status: 'failed', problem });
  let parsed;
  try {
    parsed = parseSignatureHeaders(String(evidence.signatureInput), String(evidence.signature));
  } catch (error) {
    return fail(`its signature headers do not parse: ${(error as Error).message}`);
  }
  const components: readonly CoveredComponent[] = Array.isArray(evidence.components)
    ? evidence.components
    : [];
  if (parsed.components.join(' ') !== components.map((c) => c.name).join(' '))
    return fail('the stored components are not those the Signature-Input covers');
  if (parsed.keyId !== evidence.keyId)
    return fail(`it names key ${evidence.keyId}, the signature ${parsed.keyId}`);
  if (iso(parsed.created) !== evidence.created)
    return fail(`it says created ${evidence.created}, the signature ${iso(parsed.created)}`);
  const notes: string[] = [];
  const body = bodyBytes(evidence.body);
  const digest = components.find((c) => c.name === 'content-digest')?.value ?? '';
  if (body) {
    try {
      if (!contentDigestMatches(digest, body))
        return fail('the stored body is not the one whose digest was signed');
    } catch (error) {
      return fail((error as Error).message);
    }
    notes.push('body matches the signed Content-Digest');
  } else notes.push('body sealed in this view: its digest was signed, the bytes not compared');
  const key = keys.find((k) => k.carmaker === evidence.carmaker && k.keyId === evidence.keyId);
  if (!key) return { status: 'unchecked', notes: [...notes, 'no --source-key for this key id'] };
  if (key.algorithm !== evidence.algorithm)
    return fail(`key ${key.keyId} is ${key.algorithm}, the evidence says ${evidence.algorithm}`);
  const base = signatureBase(components, parsed.signatureParams);
  if (!verifySignatureBase(key.algorithm, key.publicKey, base, parsed.signature))
    return fail(`the signature does not verify with ${evidence.carmaker} key ${key.keyId}`);
  return { status: 'verified', notes };
}
