import type { Logger } from '@nestjs/common';
import type { Response } from 'express';

/** Until the client has taken what was written, or has gone. */
function drainedOrClosed(response: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.once('drain', done);
    response.once('close', done);
  });
}

/**
 * Answers a download streamed as it is produced: 200 and its headers go out at once (a long export is
 * streaming, not stalled), each chunk waits for a slow client, and a client that left stops it. A
 * failure mid-stream cannot change the status any more: the connection is cut, so the file lacks its
 * end (the subject export's `complete`, the compliance export's manifest) rather than passing for whole.
 */
export async function streamDownload(
  response: Response,
  download: {
    readonly contentType: string;
    readonly filename: string;
    readonly chunks: AsyncIterable<string>;
    readonly logger: Logger;
  },
): Promise<void> {
  response.status(200);
  response.setHeader('Content-Type', download.contentType);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Disposition', `attachment; filename="${download.filename}"`);
  response.flushHeaders();
  try {
    for await (const chunk of download.chunks) {
      if (response.destroyed || response.writableEnded) return;
      if (!response.write(chunk)) await drainedOrClosed(response);
    }
    response.end();
  } catch (error) {
    download.logger.error(
      `${download.filename} failed mid-stream: ${error instanceof Error ? error.message : String(error)}`,
    );
    response.destroy();
  }
}
