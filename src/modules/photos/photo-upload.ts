import type { Request, Response } from 'express';
import multer from 'multer';

import { HttpProblem } from '../../http/error-body.js';

import type { PhotoUpload } from './photo-uploads.service.js';

const MULTER_PROBLEMS: Record<string, [number, string, string]> = {
  LIMIT_FILE_SIZE: [413, 'PHOTO.TOO_LARGE', 'The photo is larger than the ledger accepts'],
  LIMIT_FILE_COUNT: [400, 'PHOTO.ONE_FILE', 'Send one photo per request'],
  LIMIT_UNEXPECTED_FILE: [400, 'PHOTO.FIELD', 'Send the image in the `photo` field'],
  LIMIT_PART_COUNT: [400, 'REQUEST.INVALID_MULTIPART', 'Too many parts'],
  LIMIT_FIELD_COUNT: [400, 'REQUEST.INVALID_MULTIPART', 'Too many fields'],
  LIMIT_FIELD_VALUE: [400, 'REQUEST.INVALID_MULTIPART', 'A field is too long'],
};

/**
 * Reads one multipart photo into memory (never to disk unencrypted), within the size limit: the
 * image in `photo`, its SHA-256 in `sha256`, optionally the package it shows in `packageId`.
 */
export function readPhotoUpload(
  request: Request,
  response: Response,
  maxBytes: number,
): Promise<PhotoUpload> {
  if (!request.is('multipart/form-data')) {
    return Promise.reject(
      new HttpProblem(
        415,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        'Send the photo as multipart/form-data (fields `photo` and `sha256`)',
      ),
    );
  }
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
  }).single('photo');
  return new Promise((resolve, reject) => {
    upload(request, response, (error: unknown) => {
      if (error) {
        const code = (error as { code?: string }).code ?? '';
        const [status, problem, message] = MULTER_PROBLEMS[code] ?? [
          400,
          'REQUEST.INVALID_MULTIPART',
          'The multipart body cannot be read',
        ];
        reject(new HttpProblem(status, problem, message, { limitBytes: maxBytes }));
        return;
      }
      const file = (request as Request & { file?: { buffer: Buffer } }).file;
      if (!file) {
        reject(new HttpProblem(400, 'PHOTO.MISSING', 'No image in the `photo` field'));
        return;
      }
      const fields = request.body as Record<string, unknown> | undefined;
      const text = (value: unknown) => (typeof value === 'string' ? value : null);
      resolve({
        bytes: file.buffer,
        declaredSha256: text(fields?.sha256),
        packageId: text(fields?.packageId),
      });
    });
  });
}
