import type { ProofBundle } from '../../src/verifier/proof-bundle.js';
import type { TrustedSourceKey } from '../../src/verifier/source-evidence.js';
import { parseSourcePublicKey } from '../../src/verifier/source-key.js';
import { type FactSource, factSources } from '../../src/verifier/verify-sources.js';

/** A carmaker connector's key as the ledger publishes it (`GET /v1/checkpoints/keys`). */
export interface PublishedSourceKey {
  readonly carmaker: string;
  readonly keyId: string;
  readonly algorithm: string;
  /** The base64 of its DER SubjectPublicKeyInfo. */
  readonly publicKey: string;
  /** When it may sign (ISO 8601; null: no bound). A revoked key's `notAfter` is its compromise. */
  readonly notBefore?: string | null;
  readonly notAfter?: string | null;
}

/** Who signed one fact, in words, and whether this browser checked it. */
export interface FactSigner {
  readonly eventId: string;
  readonly type: string;
  /** The fact in plain words, as the bundle's timeline tells it. */
  readonly line: string;
  readonly status: 'verified' | 'unchecked' | 'failed' | 'unsigned';
  /** "signed by volvo key K, created 14:01:38 UTC", or "unsigned". */
  readonly words: string;
  /** How it was checked, or what is wrong. */
  readonly detail: string;
}

/** The published keys this browser can read; a key it cannot read leaves its facts unchecked. */
function trustedSourceKeys(published: readonly PublishedSourceKey[]): TrustedSourceKey[] {
  return published.flatMap((key) => {
    try {
      return [{ carmaker: key.carmaker, keyId: key.keyId, ...parseSourcePublicKey(key.publicKey) }];
    } catch {
      return [];
    }
  });
}

const created = (iso: string) => `${iso.slice(11, 19)} UTC ${iso.slice(0, 10)}`;

/** Whether `created` lies outside the key's published period: the words why, or null. */
function outsidePeriod(created: string, key: PublishedSourceKey | undefined): string | null {
  const at = Date.parse(created);
  if (key?.notBefore && at < Date.parse(key.notBefore))
    return `it was created before ${key.notBefore}, when key ${key.keyId} became valid`;
  if (key?.notAfter && at > Date.parse(key.notAfter))
    return `it was created after ${key.notAfter}, when the ledger says key ${key.keyId} stopped being valid (rotated or revoked)`;
  return null;
}

function signerOf(
  fact: FactSource,
  line: string,
  published: readonly PublishedSourceKey[],
): FactSigner {
  const head = { eventId: fact.eventId, type: fact.type, line };
  const { signature } = fact;
  if (signature.status === 'unsigned')
    return {
      ...head,
      status: 'unsigned',
      words: 'unsigned',
      detail: `recorded on the word of ${fact.source}: nobody signed it at the source`,
    };
  if (signature.status === 'malformed')
    return { ...head, status: 'failed', words: 'a signature', detail: signature.problem };
  const words = `signed by ${signature.carmaker} key ${signature.keyId}, created ${created(signature.created)}`;
  const { check } = signature;
  if (check.status === 'failed')
    return { ...head, status: 'failed', words, detail: `does NOT verify: ${check.problem}` };
  const key = published.find(
    (k) => k.carmaker === signature.carmaker && k.keyId === signature.keyId,
  );
  const outside = check.status === 'verified' ? outsidePeriod(signature.created, key) : null;
  if (outside) return { ...head, status: 'failed', words, detail: `does NOT count: ${outside}` };
  if (check.status === 'unchecked')
    return {
      ...head,
      status: 'unchecked',
      words,
      detail: `not checked: the ledger publishes no key ${signature.keyId} of ${signature.carmaker}`,
    };
  return {
    ...head,
    status: 'verified',
    words,
    detail: `verified in this browser with key ${signature.keyId}, as the ledger publishes it for ${signature.carmaker} (${check.notes.join('; ')})`,
  };
}

/**
 * Each fact of a proved bundle with who signed it, checked here with the carmakers' published keys
 * and within each key's published validity. Call it only once the bundle verified: the evidence is
 * read from the events' proved bytes.
 */
export const factSigners = (
  bundle: ProofBundle,
  published: readonly PublishedSourceKey[],
): FactSigner[] =>
  factSources(bundle, trustedSourceKeys(published)).map((fact, i) =>
    signerOf(fact, bundle.timeline[i]?.line ?? fact.type, published),
  );
