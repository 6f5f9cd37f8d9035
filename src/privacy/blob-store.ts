/**
 * Where photos are kept, encrypted, by content address: a local directory by default; an
 * S3-compatible bucket fits the same shape (PutObject, GetObject, DeleteObjects by prefix).
 */
export interface BlobStore {
  /** Stores the bytes under the key, whole or not at all; storing the same key again replaces them. */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  has(key: string): Promise<boolean>;
  /** The keys of the blobs stored under the prefix (whole ones only), in no particular order. */
  list(prefix: string): Promise<string[]>;
  /** Removes the blob, if there is one. */
  delete(key: string): Promise<void>;
  /** Removes everything under the prefix; answers how many blobs went. */
  deletePrefix(prefix: string): Promise<number>;
}

/** Keys are paths of plain segments: no `..`, no absolute paths, nothing a file system reads twice. */
export const isBlobKey = (key: string): boolean =>
  /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/.test(key) &&
  !key.split('/').includes('..');
