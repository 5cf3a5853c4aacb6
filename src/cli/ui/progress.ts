/**
 * Progress for long CLI work: a single rewritten line with rows/s on a terminal, nothing
 * when stderr is not a TTY (logs and CI stay clean).
 */
import type { RunCounts } from '../../ingest/runs.js';

export function runProgress(label: string, stream: NodeJS.WriteStream = process.stderr): { update(c: RunCounts): void; done(): void } {
  const started = Date.now();
  let last = 0;
  const enabled = Boolean(stream.isTTY);
  return {
    update(c) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const secs = Math.max((now - started) / 1000, 0.001);
      stream.write(
        `\r${label}: ${c.rowsRead.toLocaleString()} rows (${Math.round(c.rowsRead / secs).toLocaleString()} rows/s), ${c.rowsQuarantined} quarantined\x1b[K`,
      );
    },
    done() {
      if (enabled) stream.write('\r\x1b[K');
    },
  };
}
