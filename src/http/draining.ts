import type { NextFunction, Request, Response } from 'express';

/**
 * Graceful shutdown for keep-alive clients: once the process is stopping, every answer says
 * `Connection: close`, so a client that keeps its connection busy still lets it go after its
 * current request, and the server's close (which waits for open connections) can finish.
 */
export class Draining {
  private stopping = false;

  start(): void {
    this.stopping = true;
  }

  readonly middleware = (_request: Request, response: Response, next: NextFunction): void => {
    if (this.stopping) response.setHeader('Connection', 'close');
    next();
  };
}
