import { badUserInput } from '@marquee/platform';
import type { ShowingWindow } from '../loaders.js';

/** `showings(from, to)` arguments: from defaults to now, so a schedule lists what is still to come. */
export function showingWindow(args: { from?: Date | null; to?: Date | null }, now = new Date()): ShowingWindow {
  const from = args.from ?? now;
  const to = args.to ?? null;
  if (to && to.getTime() <= from.getTime()) throw badUserInput('to must be after from.', 'to');
  return { from, to };
}
