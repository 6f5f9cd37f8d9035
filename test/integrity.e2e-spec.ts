import { createHash } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { deliveryStreamId } from '../src/domain/delivery/delivery.events.js';
import { canonicalTextOf } from '../src/event-store/canonical-event.js';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port.js';
import { Checkpoints } from '../src/integrity/checkpoints.js';
import { TreeProofs } from '../src/integrity/tree-proofs.js';
import { fromBase64 } from '../src/verifier/bytes.js';
import { parseCheckpoint } from '../src/verifier/checkpoint.js';
import { verifyConsistency } from '../src/verifier/merkle.js';
import type { ProofBundle } from '../src/verifier/proof-bundle.js';
import { openNote, parseVerifierKey } from '../src/verifier/signed-note.js';
import { verifyBundle } from '../src/verifier/verify-bundle.js';
import { verifyConsistencyResponse } from '../src/verifier/verify-consistency.js';
import { type PersonalValues, privateDelivery } from './support/private-delivery.js';
import type { Journey } from './support/journey.js';
import { approveCase } from './support/cases.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('integrity: signed checkpoints and proof bundles that verify offline', () => {
  let t: TestApp;
  let delivery: { journey: Journey; values: PersonalValues };
  let key: string;
  const bearer = async (role: Parameters<TestApp['token']>[0], sub?: string) => ({
    authorization: `Bearer ${await t.token(role, sub)}`,
  });
  const proof = async (
    deliveryId: string,
    role: Parameters<TestApp['token']>[0] = 'investigator',
    sub?: string,
  ) => {
    const res = await t.http.get(`/v1/deliveries/${deliveryId}/proof`).set(await bearer(role, sub));
    expect(res.status).toBe(200);
    return res.body as ProofBundle;
  };

  beforeAll(async () => {
    t = await startTestApp();
    delivery = await privateDelivery(t, 1);
    const keys = await t.http.get('/v1/checkpoints/keys');
    expect(keys.status).toBe(200);
    key = keys.body.verifierKeys[0];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('publishes the verifier key and signs checkpoints of the growing tree', async () => {
    expect(parseVerifierKey(key).name).toBe('keytrail.test/ledger');
    await t.settle();
    const latest = await t.http
      .get('/v1/checkpoints/latest')
      .set(await bearer('customer', 'anyone'));
    expect(latest.status).toBe(200);
    const checkpoint = parseCheckpoint(openNote(latest.body.note, [parseVerifierKey(key)]).text);
    expect(checkpoint.origin).toBe('keytrail.test/ledger');
    expect(checkpoint.size).toBeGreaterThan(0);
  });

  it('answers a proof bundle that verifies with nothing but the key, for the customer and an investigator', async () => {
    for (const [role, sub] of [
      ['customer', delivery.journey.customerId],
      ['investigator', 'inv-1'],
    ] as const) {
      const bundle = await proof(delivery.journey.deliveryId, role, sub);
      const report = verifyBundle(bundle, key);
      expect(report).toMatchObject({ ok: true, failures: [] });
      expect(bundle.events).toHaveLength(bundle.timeline.length);
      expect(report.checked.join('\n')).toMatch(/hash chain/);
    }
  });

  it('answers the stored bytes, the latest checkpoint and the proofs the per-leaf read gives', async () => {
    await t.settle();
    const bundle = await proof(delivery.journey.deliveryId);
    const store = t.app.get<EventStore>(EVENT_STORE);
    const events = await store.readStream(deliveryStreamId(delivery.journey.deliveryId));
    const latest = (await t.app.get(Checkpoints).latest())!;
    const trees = t.app.get(TreeProofs);
    const leaves = await trees.leafIndexes(events.map((e) => e.metadata.globalPosition));
    const proofs = await trees.inclusionProofs([...leaves.values()], latest.treeSize);
    expect(bundle.checkpoint).toBe(latest.note);
    expect(bundle.events).toEqual(
      events.map((event) => {
        const leafIndex = leaves.get(event.metadata.globalPosition)!;
        return {
          globalPosition: event.metadata.globalPosition,
          streamRevision: event.metadata.streamRevision,
          hash: event.metadata.hash,
          canonical: canonicalTextOf(event),
          leafIndex,
          inclusionProof: proofs.get(leafIndex)!.map((hash) => hash.toString('base64')),
        };
      }),
    );
  });

  it('fails, naming what, when any part of the bundle is changed', async () => {
    const bundle = await proof(delivery.journey.deliveryId);
    const changed = (mutate: (copy: ProofBundle & Record<string, never>) => void) => {
      const copy = structuredClone(bundle) as ProofBundle & Record<string, never>;
      mutate(copy);
      return verifyBundle(copy, key);
    };
    const target = bundle.events[3]!;
    const byte = changed((c) => {
      const e = c.events[3] as { canonical: string };
      e.canonical = e.canonical.replace('"source":"api"', '"source":"apj"');
    });
    expect(byte.ok).toBe(false);
    expect(byte.failures[0]).toMatchObject({
      check: 'chain',
      globalPosition: target.globalPosition,
    });
    expect(byte.failures.map((f) => f.check)).toContain('inclusion');

    const line = changed((c) => {
      (c.timeline[2] as { line: string }).line = 'Nothing happened here';
    });
    expect(line.failures).toEqual([
      expect.objectContaining({
        check: 'timeline',
        globalPosition: bundle.timeline[2]!.globalPosition,
      }),
    ]);

    const proofHash = changed((c) => {
      const e = c.events[0] as unknown as { inclusionProof: string[] };
      e.inclusionProof = [...e.inclusionProof.slice(1)];
    });
    expect(proofHash.failures[0]).toMatchObject({ check: 'inclusion' });

    const checkpoint = changed((c) => {
      (c as { checkpoint: string }).checkpoint = bundle.checkpoint.replace(
        /\n(\d+)\n/,
        (_, n: string) => `\n${Number(n) + 1}\n`,
      );
    });
    expect(checkpoint.failures[0]).toMatchObject({ check: 'checkpoint' });

    const otherKey = 'keytrail.test/ledger+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
    expect(verifyBundle(bundle, otherKey).failures[0]).toMatchObject({ check: 'checkpoint' });

    const dropped = changed((c) => {
      (c as unknown as { events: unknown[] }).events = bundle.events.filter((_, i) => i !== 2);
    });
    expect(dropped.ok).toBe(false);
  });

  it('proves any two checkpoints consistent', async () => {
    const first = (await t.http.get('/v1/checkpoints/latest').set(await bearer('compliance')))
      .body as { treeSize: number; rootHash: string };
    await privateDelivery(t, 2);
    await t.settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = (await t.http.get('/v1/checkpoints/latest').set(await bearer('compliance')))
      .body as { treeSize: number; rootHash: string };
    expect(second.treeSize).toBeGreaterThan(first.treeSize);
    const res = await t.http
      .get(`/v1/checkpoints/consistency?from=${first.treeSize}&to=${second.treeSize}`)
      .set(await bearer('compliance'));
    expect(res.status).toBe(200);
    const proofHashes = (res.body.proof as string[]).map(fromBase64);
    const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
    expect(
      verifyConsistency(
        first.treeSize,
        second.treeSize,
        hex(first.rootHash),
        hex(second.rootHash),
        proofHashes,
      ),
    ).toBe(true);
    expect(
      verifyConsistency(
        first.treeSize,
        second.treeSize,
        hex(second.rootHash),
        hex(first.rootHash),
        proofHashes,
      ),
    ).toBe(false);
    // The whole answer, as an outsider checks it with the published key (keytrail verify-consistency).
    const report = verifyConsistencyResponse(res.body, key);
    expect(report).toMatchObject({ ok: true, failures: [] });
    const forged = { ...res.body, proof: [...res.body.proof].reverse() };
    if (forged.proof.length > 1)
      expect(verifyConsistencyResponse(forged, key).failures[0]).toMatch(/does not extend/);
    const swapped = {
      ...res.body,
      fromCheckpoint: res.body.toCheckpoint,
      toCheckpoint: res.body.fromCheckpoint,
    };
    expect(verifyConsistencyResponse(swapped, key).ok).toBe(false);
    const stranger = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
    expect(verifyConsistencyResponse(res.body, stranger).failures[0]).toMatch(
      /older checkpoint does not verify/,
    );
    const beyond = await t.http
      .get(`/v1/checkpoints/consistency?from=1&to=${second.treeSize + 1000}`)
      .set(await bearer('compliance'));
    expect(beyond.status).toBe(404);
    const reversed = await t.http
      .get(`/v1/checkpoints/consistency?from=${second.treeSize}&to=1`)
      .set(await bearer('compliance'));
    expect(reversed.status).toBe(400);
  });

  it("exports a case's evidence as JSON that verifies and as a PDF, each recorded with its SHA-256", async () => {
    const investigator = await bearer('investigator', 'inv-1');
    const second = await privateDelivery(t, 4);
    const deliveryIds = [delivery.journey.deliveryId, second.journey.deliveryId];
    await t.http
      .post('/v1/cases')
      .set(investigator)
      .send({ caseId: 'case-ev', deliveryIds, reason: 'dispute over two drops' })
      .expect(201);
    await approveCase(t, 'case-ev');

    const json = await t.http.get('/v1/cases/case-ev/evidence').set(investigator).buffer(true);
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/application\/json/);
    const text = Buffer.isBuffer(json.body) ? json.body.toString('utf8') : json.text;
    expect(json.headers['x-evidence-sha256']).toBe(createHash('sha256').update(text).digest('hex'));
    const document = JSON.parse(text) as {
      format: string;
      deliveries: ProofBundle[];
      howToVerify: string;
    };
    expect(document.format).toBe('keytrail-evidence/1');
    expect(document.deliveries.map((d) => d.deliveryId)).toEqual([...deliveryIds].sort());
    for (const bundle of document.deliveries) {
      expect(bundle.view).toBe('case');
      expect(verifyBundle(bundle, key).ok).toBe(true);
    }
    expect(document.howToVerify).toContain('npx keytrail verify');

    const pdf = await t.http
      .get('/v1/cases/case-ev/evidence?format=pdf')
      .set(investigator)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A cover page, one per delivery, and how to verify.
    expect(bytes.toString('latin1').match(/\/Type \/Page\b(?!s)/g)!.length).toBeGreaterThanOrEqual(
      4,
    );
    expect(bytes.toString('latin1')).toContain('(keytrail evidence, case case-ev)');
    expect(pdf.headers['x-evidence-sha256']).toBe(createHash('sha256').update(bytes).digest('hex'));

    const stream = await t.database.store.readStream('case-case-ev');
    expect(stream.map((e) => e.type)).toEqual([
      'CaseOpened',
      'CaseApproved',
      'EvidenceExported',
      'EvidenceExported',
    ]);
    expect(stream.slice(2).map((e) => e.data as { format: string; sha256: string })).toEqual([
      expect.objectContaining({ format: 'json', sha256: json.headers['x-evidence-sha256'] }),
      expect.objectContaining({ format: 'pdf', sha256: pdf.headers['x-evidence-sha256'] }),
    ]);
    // The reveals of precise data the export made are in each customer's access log.
    const log = await t.database.store.readStream(`data-access-${second.journey.customerId}`);
    expect(log.length).toBeGreaterThan(0);

    expect(
      (await t.http.get('/v1/cases/case-ev/evidence').set(await bearer('investigator', 'inv-2')))
        .status,
    ).toBe(403);
    expect((await t.http.get('/v1/cases/case-none/evidence').set(investigator)).status).toBe(404);
    expect(
      (
        await t.http
          .get('/v1/cases/case-ev/evidence')
          .set(await bearer('customer', delivery.journey.customerId))
      ).status,
    ).toBe(403);
    await t.http
      .post('/v1/cases/case-ev/close')
      .set(investigator)
      .send({ resolution: 'evidence sent' })
      .expect(200);
  });

  it('keeps proofs valid across a sequencer restart and a crypto-shredding erasure', async () => {
    const before = await proof(delivery.journey.deliveryId);
    await t.projections.stop();
    await t.projections.start();
    const other = await privateDelivery(t, 3);
    await t.settle();
    expect(verifyBundle(await proof(other.journey.deliveryId), key).ok).toBe(true);

    const erased = await t.http
      .post(`/v1/subjects/${delivery.journey.customerId}/erasure`)
      .set(await bearer('customer', delivery.journey.customerId))
      .send({});
    expect(erased.status).toBe(200);
    const after = await proof(delivery.journey.deliveryId, 'customer', delivery.journey.customerId);
    expect(verifyBundle(after, key)).toMatchObject({ ok: true });
    expect(after.events.map((e) => e.canonical)).toEqual(before.events.map((e) => e.canonical));
    expect(verifyBundle(before, key).ok).toBe(true);
  });
});
