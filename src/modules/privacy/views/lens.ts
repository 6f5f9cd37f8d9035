/**
 * How a reader sees personal data (PRODUCT.md, Views), chosen from the verified token's role and, for
 * an investigator, an open case of theirs that covers the delivery — never from a parameter alone.
 */
export type Lens =
  /** The customer whose data it is: their own plate, precise positions, photo, courier's first name. */
  | { readonly kind: 'owner' }
  /** An investigator without a case (and services, admins): geohash 7, plate token, photo digest. */
  | { readonly kind: 'pseudonymised' }
  /** An investigator under an open case covering the delivery: precise data, every reveal recorded. */
  | { readonly kind: 'case'; readonly caseId: string }
  /** Compliance: geohash 5, keyed-hash tokens with the purpose's own secret. */
  | { readonly kind: 'compliance'; readonly purpose: string };

/** The purpose whose secret makes investigators' plate tokens: stable, so deliveries can be linked. */
export const INVESTIGATION_PURPOSE = 'investigation';
