import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import type { Witness, WitnessAnswer } from './add-checkpoint.js';

/** Far above a real request (63 proof lines and a checkpoint with a few signatures: ~4 KiB). */
export const MAX_BODY_BYTES = 64 * 1024;

class TooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new TooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_BODY_BYTES) {
        reject(new TooLarge());
        request.pause();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: WitnessAnswer | { status: number; body: string }) {
  if (response.headersSent || response.destroyed) return;
  const contentType = 'contentType' in answer ? answer.contentType : 'text/plain; charset=utf-8';
  response.writeHead(answer.status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(answer.body),
    'cache-control': 'no-store',
  });
  response.end(answer.body);
}

const plain = (status: number, body: string) => ({ status, body: `${body}\n` });

/**
 * The witness over plain node:http (no framework: a carmaker or an insurer runs it with nothing but
 * Node): `POST /add-checkpoint`, as C2SP tlog-witness names it; everything a caller sends gets a 4xx.
 */
export function witnessServer(
  witness: Witness,
  log: (line: string) => void = () => undefined,
): Server {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://witness');
    if (url.pathname !== '/add-checkpoint') {
      send(response, plain(404, 'not found: this witness serves POST /add-checkpoint'));
      request.resume();
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      send(response, plain(405, 'add-checkpoint is a POST'));
      request.resume();
      return;
    }
    readBody(request)
      .then((body) => witness.addCheckpoint(body))
      .then(
        (answer) => {
          log(
            `add-checkpoint ${answer.status}${answer.status === 200 ? '' : `: ${answer.body.trim()}`}`,
          );
          send(response, answer);
        },
        (error: unknown) => {
          if (error instanceof TooLarge) {
            response.setHeader('connection', 'close');
            send(response, plain(413, `the body is larger than ${MAX_BODY_BYTES} bytes`));
            return;
          }
          // Not the caller's doing (a full disk, a state file gone bad): nothing was cosigned.
          log(`add-checkpoint failed: ${error instanceof Error ? error.message : String(error)}`);
          send(response, plain(500, 'the witness could not store its state; nothing was cosigned'));
        },
      );
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  return server;
}
