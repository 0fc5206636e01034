import type { Logger } from './logger.js';

/** Ctrl-C reaches every process of the group (npm, tsx, node): copies within this window are one. */
const SAME_SIGNAL_WINDOW_MS = 1500;

/**
 * Runs `stop` once on the first SIGINT or SIGTERM, then exits; a later second signal exits at
 * once so a stuck shutdown can still be interrupted.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stoppingSince: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < SAME_SIGNAL_WINDOW_MS) return;
      logger.warn('second signal, exiting now', { signal });
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info('shutting down', { signal });
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
