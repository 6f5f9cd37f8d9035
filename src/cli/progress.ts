import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A bar with rate and ETA on a terminal; plain lines (every 5 s and at the end) otherwise. */
export function progress(label: string, out: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  if (out.isTTY) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
      stream: out,
      etaBuffer: 50,
    });
    let running = false;
    return {
      update(done, total) {
        const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
        if (!running) {
          bar.start(total, done, { rate });
          running = true;
        }
        bar.setTotal(total);
        bar.update(done, { rate });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = 0;
  let last: [number, number] = [0, 0];
  const line = ([done, total]: [number, number]) => {
    const seconds = (Date.now() - started) / 1000;
    out.write(
      `${label}: ${done}/${total} events, ${Math.round(done / Math.max(0.001, seconds))} events/s\n`,
    );
  };
  return {
    update(done, total) {
      last = [done, total];
      if (Date.now() - lastLine >= 5000) {
        lastLine = Date.now();
        line(last);
      }
    },
    stop: () => line(last),
  };
}
