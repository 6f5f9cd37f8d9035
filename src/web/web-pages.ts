import { existsSync } from 'node:fs';
import path from 'node:path';

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

import { errorBody } from '../http/error-body.js';

/**
 * The pages people look at, built by Vite into `dist/web` (npm run build:web) and served by this app:
 * `/console` for investigators and `/proof` for customers. Same origin as the API, so the pages call it
 * with nothing but their bearer token; a strict Content-Security-Policy keeps them from fetching
 * anything from anywhere else (fonts, scripts, tiles: none leave the machine).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGES = { console: 'console/index.html', proof: 'proof/index.html' } as const;

function pageHeaders(response: Response): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
}

export function serveWebPages(app: NestExpressApplication, webRoot: string): void {
  const built = existsSync(path.join(webRoot, PAGES.console));
  app.useStaticAssets(path.join(webRoot, 'assets'), {
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    setHeaders: pageHeaders,
  });
  for (const [name, file] of Object.entries(PAGES)) {
    app.use(`/${name}`, (request: Request, response: Response, next: NextFunction) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return next();
      if (request.path !== '/') return next();
      if (!built) {
        response
          .status(404)
          .json(
            errorBody(
              'WEB.NOT_BUILT',
              `The ${name} page is not built: run npm run build:web (npm start does it)`,
            ),
          );
        return;
      }
      pageHeaders(response);
      response.setHeader('Cache-Control', 'no-store');
      response.sendFile(path.join(webRoot, file));
    });
  }
}
