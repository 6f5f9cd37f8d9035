import type { SourceKeysConfig } from '../../config/keytrail-config.js';
import type { Vendor } from '../../domain/delivery/delivery.vocabulary.js';
import type { TimeRules } from '../../domain/shared/time-rules.js';
import { HttpProblem } from '../../http/error-body.js';
import { toBase64 } from '../../verifier/bytes.js';
import {
  contentDigestMatches,
  type CoveredComponent,
  parseSignatureHeaders,
  type ParsedSignature,
  SignatureHeaderError,
  signatureBase,
  verifySignatureBase,
} from '../../verifier/http-signature.js';
import type { SourceSignatureEvidence } from '../../verifier/source-evidence.js';
import type { SourcePublicKey } from '../../verifier/source-key.js';

/** What the signature check reads of an arriving request. */
export interface ArrivingRequest {
  readonly method: string;
  /** The request target as received: path and query. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body's exact bytes (empty when there is none). */
  readonly body: Uint8Array;
}

/** How old a signature's `created` may be on arrival (connectors sign as they send). */
export const MAX_SIGNATURE_AGE_S = 300;

export const refused = (status: 400 | 401, code: string, message: string) =>
  new HttpProblem(status, code, message);

/** A header field's value as RFC 9421 §2.1 covers it: lines joined by ", ", outer spaces trimmed. */
function fieldValue(request: ArrivingRequest, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  return (Array.isArray(value) ? value.join(', ') : value).trim();
}

function componentValue(request: ArrivingRequest, name: string): string {
  const [path, query] = request.url.split(/\?(.*)/s, 2) as [string, string | undefined];
  const host = fieldValue(request, 'host')?.toLowerCase() ?? '';
  switch (name) {
    case '@method':
      return request.method.toUpperCase();
    case '@path':
      return path || '/';
    case '@query':
      return `?${query ?? ''}`;
    case '@authority':
      return host;
  }
  const value = fieldValue(request, name);
  if (value === null)
    throw refused(
      400,
      'SOURCE.MALFORMED_SIGNATURE',
      `The signature covers ${name}, which the request lacks`,
    );
  return value;
}

function parsed(signatureInput: string, signature: string): ParsedSignature {
  try {
    return parseSignatureHeaders(signatureInput, signature);
  } catch (error) {
    if (!(error instanceof SignatureHeaderError)) throw error;
    throw refused(
      400,
      'SOURCE.MALFORMED_SIGNATURE',
      `Signature-Input and Signature: ${error.message}`,
    );
  }
}

/** A request's signature as its two headers state it, parsed. */
export interface ArrivingSignature {
  readonly signatureInput: string;
  readonly signatureHeader: string;
  readonly parsed: ParsedSignature;
}

/**
 * The signature an arriving request carries, parsed; null when it carries none and may go unsigned,
 * `unsigned` (a 401) when it must be signed.
 */
export function readSourceSignature(
  request: ArrivingRequest,
  unsigned: HttpProblem | null,
): ArrivingSignature | null {
  const signatureInput = fieldValue(request, 'signature-input');
  const signatureHeader = fieldValue(request, 'signature');
  if (signatureInput === null && signatureHeader === null) {
    if (unsigned) throw unsigned;
    return null;
  }
  if (signatureInput === null || signatureHeader === null)
    throw refused(400, 'SOURCE.MALFORMED_SIGNATURE', 'Signature-Input and Signature come together');
  return { signatureInput, signatureHeader, parsed: parsed(signatureInput, signatureHeader) };
}

/** The key a signature names: who holds it, and the period it may sign in (null: no bound). */
export interface SigningKey extends SourcePublicKey {
  readonly keyId: string;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
}

/**
 * Verifies a parsed signature with the key it names, before anything is stored: fresh, within the
 * key's period, over the signature base as received, over this body. The evidence to store, signed
 * by `signer` (a carmaker, or `device`), or a refusal with its code.
 */
export function verifySourceSignature(
  request: ArrivingRequest,
  { signatureInput, signatureHeader, parsed: signature }: ArrivingSignature,
  key: SigningKey,
  signer: string,
  now: Date,
  rules: Pick<TimeRules, 'maxFutureSkewS'>,
): SourceSignatureEvidence {
  if (signature.algorithm !== null && signature.algorithm !== key.algorithm)
    throw refused(
      401,
      'SOURCE.BAD_SIGNATURE',
      `Key ${key.keyId} is ${key.algorithm}, not ${signature.algorithm}`,
    );
  const nowS = Math.floor(now.getTime() / 1000);
  const created = new Date(signature.created * 1000).toISOString();
  if (signature.created > nowS + rules.maxFutureSkewS)
    throw refused(
      401,
      'SOURCE.SIGNATURE_FROM_FUTURE',
      `The signature was created ${created}, later than now`,
    );
  if (
    signature.created < nowS - MAX_SIGNATURE_AGE_S ||
    (signature.expires !== null && signature.expires <= nowS)
  )
    throw refused(
      401,
      'SOURCE.SIGNATURE_EXPIRED',
      `The signature (created ${created}) is too old or expired`,
    );
  if ((key.notBefore && created < key.notBefore) || (key.notAfter && created > key.notAfter))
    throw refused(
      401,
      'SOURCE.KEY_NOT_VALID',
      `Key ${key.keyId} is valid ${key.notBefore ?? '…'} to ${key.notAfter ?? '…'}, not at ${created}`,
    );

  const components: CoveredComponent[] = signature.components.map((name) => ({
    name,
    value: componentValue(request, name),
  }));
  const base = signatureBase(components, signature.signatureParams);
  if (!verifySignatureBase(key.algorithm, key.publicKey, base, signature.signature))
    throw refused(
      401,
      'SOURCE.BAD_SIGNATURE',
      `The signature does not verify with key ${key.keyId}`,
    );
  // Signed, so the connector stated this digest: a body that does not match it was changed on the way.
  let digestMatches: boolean;
  try {
    digestMatches = contentDigestMatches(componentValue(request, 'content-digest'), request.body);
  } catch (error) {
    if (!(error instanceof SignatureHeaderError)) throw error;
    throw refused(400, 'SOURCE.MALFORMED_SIGNATURE', error.message);
  }
  if (!digestMatches)
    throw refused(400, 'SOURCE.DIGEST_MISMATCH', 'The body is not the one Content-Digest states');

  return {
    carmaker: signer,
    keyId: key.keyId,
    algorithm: key.algorithm,
    created,
    expires: signature.expires === null ? null : new Date(signature.expires * 1000).toISOString(),
    signatureInput,
    signature: signatureHeader,
    components,
    body: toBase64(request.body),
  };
}

/**
 * Checks a carmaker webhook's RFC 9421 signature on arrival, before anything is stored: the evidence
 * to store, null for an unsigned request the carmaker may send, or a refusal with its code.
 */
export function checkSourceSignature(
  request: ArrivingRequest,
  carmaker: Vendor,
  config: SourceKeysConfig,
  now: Date,
  rules: Pick<TimeRules, 'maxFutureSkewS'>,
): SourceSignatureEvidence | null {
  const arriving = readSourceSignature(
    request,
    config.required.includes(carmaker)
      ? refused(
          401,
          'SOURCE.SIGNATURE_REQUIRED',
          `${carmaker} webhooks must carry the connector's signature (Signature-Input, Signature)`,
        )
      : null,
  );
  if (!arriving) return null;
  const keyId = arriving.parsed.keyId;
  const key = config.keys.find((k) => k.keyId === keyId);
  if (!key) throw refused(401, 'SOURCE.UNKNOWN_KEY', `No connector key ${keyId}`);
  if (key.carmaker !== carmaker)
    throw refused(401, 'SOURCE.WRONG_CARMAKER', `Key ${key.keyId} is not a ${carmaker} key`);
  return verifySourceSignature(request, arriving, key, carmaker, now, rules);
}
