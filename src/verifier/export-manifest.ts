/** The last line of a compliance export: what was exported, signed so the file can be checked offline. */
export interface ExportManifest {
  readonly type: 'manifest';
  readonly exportId: string;
  readonly purpose: string;
  readonly from: string;
  readonly to: string;
  /** Event lines in the export. */
  readonly count: number;
  /** Hex SHA-256 of every byte of the export before this line. */
  readonly sha256: string;
  /** A signed checkpoint whose tree covers every exported event. */
  readonly checkpoint: string;
  /** A signed note of manifestText(this), by the log's key. */
  readonly signature: string;
}

export const MANIFEST_FIRST_LINE = 'keytrail compliance export v1';

/** The text the manifest's signature covers (a signed note's text: no blank line, ends with \n). */
export const manifestText = (
  m: Omit<ExportManifest, 'type' | 'signature' | 'checkpoint'> & { checkpointSize: number },
) =>
  [
    MANIFEST_FIRST_LINE,
    m.exportId,
    m.purpose,
    m.from,
    m.to,
    String(m.count),
    m.sha256,
    String(m.checkpointSize),
  ].join('\n') + '\n';
