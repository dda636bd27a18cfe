import { renderProgress } from '../contract/reporters/console-reporter.js';
import type { Progress } from '../contract/run-session.js';

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

const REDRAW_EVERY_MS = 80;

/** On a terminal, one line redrawn in place; elsewhere (CI logs), one plain line per phase. */
export function progressPrinter(output: Output): { update: (progress: Progress) => void; done: () => void } {
  let lastPhase = '';
  let lastDrawn = 0;
  let drawn = false;
  return {
    update: (progress) => {
      if (output.isTTY) {
        const now = Date.now();
        if (progress.phase === lastPhase && now - lastDrawn < REDRAW_EVERY_MS) return;
        lastDrawn = now;
        lastPhase = progress.phase;
        output.write(`\r\x1b[2K${renderProgress(progress)}`);
        drawn = true;
      } else if (progress.phase !== lastPhase) {
        lastPhase = progress.phase;
        output.write(`${renderProgress(progress)}\n`);
      }
    },
    done: () => {
      if (drawn) output.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
