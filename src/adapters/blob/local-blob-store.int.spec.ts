import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { LocalBlobStore } from './local-blob-store.js';

describe('local blob store: listing and removing one blob', () => {
  let root: string;
  let blobs: LocalBlobStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'keytrail-blob-spec-'));
    blobs = new LocalBlobStore(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists the whole blobs under a prefix, never a half-written one', async () => {
    await blobs.put('photos/d-1/aa', Buffer.from('a'));
    await blobs.put('photos/d-1/bb', Buffer.from('b'));
    await blobs.put('photos/d-2/cc', Buffer.from('c'));
    await writeFile(path.join(root, 'photos', 'd-1', 'dd.1234.tmp'), 'half');
    expect((await blobs.list('photos/d-1')).sort()).toEqual(['photos/d-1/aa', 'photos/d-1/bb']);
    expect(await blobs.list('photos/d-9')).toEqual([]);
  });

  it('removes one blob, and removing a missing one is no error', async () => {
    await blobs.put('photos/d-1/aa', Buffer.from('a'));
    await blobs.put('photos/d-1/bb', Buffer.from('b'));
    await blobs.delete('photos/d-1/aa');
    await blobs.delete('photos/d-1/aa');
    expect(await blobs.list('photos/d-1')).toEqual(['photos/d-1/bb']);
  });
});
