import { readFileSync } from 'node:fs';

const MIB = 2 ** 20;

/** A field of /proc/self/status in MiB (Linux), or undefined elsewhere. */
function procStatusMiB(field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resident memory of the whole process now (worker threads included), in MiB. */
export function currentRssMiB(): number {
  return procStatusMiB('VmRSS') ?? process.memoryUsage.rss() / MIB;
}

/** The most resident memory the process has had since it started (VmHWM), in MiB. */
export function peakRssMiB(): number {
  return procStatusMiB('VmHWM') ?? process.resourceUsage().maxRSS / 1024;
}

/**
 * Samples the process's resident memory every ~20 ms while a case runs. Worker threads share
 * the process, so this sees their buffers too; the main thread mostly waits during a job, so the
 * timer keeps firing.
 */
export class RssSampler {
  private peak = 0;
  private timer?: NodeJS.Timeout;

  start(intervalMs = 20): void {
    clearInterval(this.timer);
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    // Never the reason the process stays alive (say, after a failed run that skipped stop()).
    this.timer.unref();
  }

  /** Stop sampling; the highest resident size seen since `start`, in MiB. */
  stop(): number {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this.peak;
  }

  private sample(): void {
    this.peak = Math.max(this.peak, currentRssMiB());
  }
}
