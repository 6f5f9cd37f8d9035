import type { ProofBundle } from '../../../verifier/proof-bundle.js';
import type { CaseView } from '../../privacy/cases/cases.service.js';

/** A case's evidence: its deliveries' proof bundles, self-contained and verifiable offline. */
export interface EvidenceDocument {
  readonly format: 'keytrail-evidence/1';
  readonly case: CaseView;
  readonly exportedAt: string;
  readonly exportedBy: string;
  /** The log's verifier keys as published (GET /v1/checkpoints/keys); trust the published one. */
  readonly verifierKeys: readonly string[];
  readonly deliveries: readonly ProofBundle[];
  readonly howToVerify: string;
}

export const howToVerify = (verifierKey: string) =>
  `Save this document as evidence.json and run: npx keytrail verify evidence.json --key '${verifierKey}'. ` +
  'Check the key against the one keytrail publishes (GET /v1/checkpoints/keys, docs/INTEGRITY.md): it proves every ' +
  "event is in the log's signed Merkle tree, that each delivery's hash chain is unbroken, and that each timeline says what its events say.";
