import type { AddressInfo, Server } from 'node:net';
import path from 'node:path';

import { ed25519 } from '@noble/curves/ed25519.js';

import { witnessKeyString } from '../../src/verifier/cosignature.js';
import { parseVerifierKey } from '../../src/verifier/signed-note.js';
import { Witness } from '../../src/witness/add-checkpoint.js';
import { witnessServer } from '../../src/witness/witness-server.js';
import { WitnessState } from '../../src/witness/witness-state.js';

export interface StartedWitness {
  readonly name: string;
  readonly url: string;
  /** Its cosignature/v1 vkey, as `keytrail witness init` prints it. */
  readonly verifierKey: string;
  readonly server: Server;
  readonly state: WitnessState;
}

/** Two witnesses in this process, over HTTP, as `keytrail witness` serves them. */
export async function startWitnesses(origin: string, logKey: string, dir: string) {
  const started: StartedWitness[] = [];
  for (const [i, name] of ['witness.insurer.test/w1', 'witness.carmaker.test/w2'].entries()) {
    const seed = new Uint8Array(32).fill(40 + i);
    const publicKey = ed25519.getPublicKey(seed);
    const state = await WitnessState.open(path.join(dir, `state-${i}`));
    const witness = new Witness({
      signer: { name, publicKey, sign: (m) => ed25519.sign(m, seed) },
      logs: new Map([[origin, [parseVerifierKey(logKey)]]]),
      state,
    });
    const server: Server = witnessServer(witness);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    started.push({ name, url, verifierKey: witnessKeyString(name, publicKey), server, state });
  }
  return {
    started,
    /** As KEYTRAIL_WITNESSES names them, for the log side. */
    config: started.map(({ name, url, verifierKey }) => ({ name, url, verifierKey })),
    async close() {
      for (const w of started) {
        await new Promise((resolve) => w.server.close(resolve));
        await w.state.close();
      }
    },
  };
}
