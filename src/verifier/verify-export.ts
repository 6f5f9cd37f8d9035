import { sha256 } from '@noble/hashes/sha2.js';

import { toHex, utf8 } from './bytes.js';
import { parseCheckpoint } from './checkpoint.js';
import { type ExportManifest, manifestText } from './export-manifest.js';
import { openNote, parseVerifierKey } from './signed-note.js';

export interface ExportReport {
  readonly ok: boolean;
  readonly events: number;
  readonly checked: readonly string[];
  readonly failures: readonly string[];
}

/**
 * Checks a compliance export line by line (never holding the file): the SHA-256 and count of all it
 * holds before its manifest, the manifest's signature, and the signed checkpoint it names.
 */
export class ExportVerifier {
  private readonly hash = sha256.create();
  private events = 0;
  private lastLeaf = -1;
  private manifest: ExportManifest | null = null;
  private readonly failures: string[] = [];

  constructor(private readonly verifierKey: string) {}

  /** One line of the file, without its newline. */
  push(line: string): void {
    if (this.manifest) {
      if (line.length > 0) this.failures.push('there are lines after the manifest');
      return;
    }
    let parsed: { type?: string; leafIndex?: number };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      this.failures.push(`line ${this.events + 2} is not JSON`);
      return;
    }
    if (parsed.type === 'manifest') {
      this.manifest = parsed as ExportManifest;
      return;
    }
    this.hash.update(utf8(`${line}\n`));
    if (parsed.type === 'event') {
      this.events += 1;
      if (typeof parsed.leafIndex === 'number')
        this.lastLeaf = Math.max(this.lastLeaf, parsed.leafIndex);
      else this.failures.push(`event line ${this.events} has no leaf index`);
    }
  }

  finish(): ExportReport {
    const checked: string[] = [];
    const fail = (message: string) => this.failures.push(message);
    const m = this.manifest;
    if (!m) {
      fail('no manifest: the export is cut short');
      return { ok: false, events: this.events, checked: [], failures: this.failures };
    }
    const digest = toHex(this.hash.digest());
    if (digest !== m.sha256)
      fail(`the export's bytes give SHA-256 ${digest}, the manifest says ${m.sha256}`);
    if (this.events !== m.count)
      fail(`the export holds ${this.events} events, the manifest says ${m.count}`);
    try {
      const key = parseVerifierKey(this.verifierKey);
      const checkpoint = parseCheckpoint(openNote(m.checkpoint, [key]).text);
      const text = openNote(m.signature, [key]).text;
      if (text !== manifestText({ ...m, checkpointSize: checkpoint.size }))
        fail('the signed manifest does not say what the manifest line says');
      else
        checked.push(
          `manifest signed by ${key.name}: ${m.count} events from ${m.from} to ${m.to}, purpose ${m.purpose}`,
        );
      checked.push(
        `checkpoint of ${checkpoint.origin} at tree size ${checkpoint.size} signed by the same key`,
      );
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    if (this.failures.length === 0)
      checked.unshift(`SHA-256 and count of all ${this.events} events match the manifest`);
    return {
      ok: this.failures.length === 0,
      events: this.events,
      checked: this.failures.length ? [] : checked,
      failures: this.failures,
    };
  }
}
