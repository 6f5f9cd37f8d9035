/** A delivery's proof bundle: everything needed to check its record offline, with the log's key. */
export interface ProofBundle {
  readonly format: 'keytrail-proof/1';
  readonly deliveryId: string;
  readonly generatedAt: string;
  /** The lens the timeline's personal fields are shown through. */
  readonly view: string;
  /** The signed checkpoint (C2SP signed note) every inclusion proof leads to. */
  readonly checkpoint: string;
  /** The log's verifier keys as it published them; a verifier trusts only the key it was given. */
  readonly verifierKeys: readonly string[];
  /** Every event of the delivery's stream, in stream order. */
  readonly events: readonly BundleEvent[];
  /** The proof timeline as the reader saw it: its derived fields are checked against the events. */
  readonly timeline: readonly BundleTimelineEntry[];
}

export interface BundleEvent {
  readonly globalPosition: number;
  readonly streamRevision: number;
  /** Hex SHA-256 of the previous event's hash in the stream and this event's canonical bytes. */
  readonly hash: string;
  /** The RFC 8785 bytes that were hashed (personal fields as ciphertext). */
  readonly canonical: string;
  readonly leafIndex: number;
  /** Base64 hashes, RFC 9162 inclusion path against the checkpoint. */
  readonly inclusionProof: readonly string[];
}

export interface BundleTimelineEntry {
  readonly globalPosition: number;
  readonly streamRevision: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly hash: string;
  readonly line: string;
  readonly stateAfter: unknown;
  readonly anomalies: readonly string[];
  readonly data: unknown;
}
