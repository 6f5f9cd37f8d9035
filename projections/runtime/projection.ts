import type { RecordedEvent } from '../../src/event-store/event-store.port.js';

/** SQL inside the projection's transaction, with its tables named live or as rebuild shadows. */
export interface ProjectionWriter {
  query<Row = unknown>(sql: string, parameters?: readonly unknown[]): Promise<Row[]>;
  /** `read.{name}`, or the shadow table while the projection is being rebuilt. */
  table(name: string): string;
  /**
   * Present while rebuilding from zero: rows a projection reads back between batches (keyed state
   * across streams) may be kept here, by table and key, instead of in the table, and written once by
   * `finishRebuild`. Absent, they live in the table.
   */
  readonly kept?: KeptRows;
}

/** Rows kept in memory through a rebuild, by table name (see kept-rows.ts), up to `limit` a table. */
export interface KeptRows {
  readonly limit: number;
  readonly tables: Map<string, unknown>;
}

/**
 * A read model kept from the global log. `apply` gets events in global order, each exactly once: the
 * runtime writes its rows and its checkpoint in one transaction.
 */
export interface Projection {
  readonly name: string;
  /** The tables it owns in schema `read`; a rebuild fills shadows of these and swaps them in. */
  readonly tables: readonly string[];
  apply(events: readonly RecordedEvent[], writer: ProjectionWriter): Promise<void>;
  /**
   * Takes back everything it derived from one stream, so that the stream's events can be applied again
   * from the first (how a parked event is replayed). Answers false when it cannot take back one stream
   * alone; absent, the projection cannot apply an event out of order: it is rebuilt instead.
   */
  forgetStream?(streamId: string, writer: ProjectionWriter): Promise<boolean>;
  /**
   * Applying reads its tables by primary key only (or not at all): a rebuild fills shadows that have
   * only their unique indexes and builds the others once, at the end, which is much cheaper.
   */
  readonly readsByKeyOnly?: boolean;
  /**
   * Reads wait for it to catch up (read-your-writes): its pages are written in a transaction of their
   * own, never held back by the other projections' writes.
   */
  readonly readsWaitForIt?: boolean;
  /** At the end of a rebuild: writes the rows it kept in `writer.kept`. */
  finishRebuild?(writer: ProjectionWriter): Promise<void>;
}
