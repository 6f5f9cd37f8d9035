import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { startTestApp, type TestApp } from '../support/test-app.js';

/** Where the screenshots go: CI keeps them as artifacts (README: "Screenshots"). */
export const SCREENSHOTS = path.resolve('artifacts/screenshots');

/** The app with its built pages, listening on a loopback port for Chromium; `base` is its origin. */
export async function servedApp(): Promise<{ t: TestApp; base: string }> {
  if (!existsSync(path.resolve('dist/web/console/index.html')))
    throw new Error('The pages are not built: npm run build:web (npm test does it first)');
  mkdirSync(SCREENSHOTS, { recursive: true });
  const t = await startTestApp();
  await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
  return { t, base: `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}` };
}
