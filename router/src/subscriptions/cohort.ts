import { createHash } from 'node:crypto';
import type { CohortSpec } from './cohorts.js';
import { EventFilter } from './envelope.js';
import type { Subscriber } from './subscriber.js';

/** Entities per cohort whose last payload is remembered (the oldest is forgotten first). */
const MAX_REMEMBERED_STATES = 64;

/** What a cohort's members last received for one entity. */
interface Shown {
  /** sha1 of the payload. */
  digest: string;
  /** When the resolution that produced it started (epoch ms): it read every change committed before. */
  resolvedFrom: number;
}

export class Cohort {
  readonly members = new Set<Subscriber>();
  readonly filter = new EventFilter();
  ready: Promise<() => Promise<void>> = Promise.resolve(async () => {});
  private readonly shown = new Map<string, Shown>();
  constructor(readonly spec: CohortSpec) {}

  add(subscriber: Subscriber): void {
    if (this.members.has(subscriber)) return;
    this.members.add(subscriber);
    // A newcomer has received none of them: the next payload of every entity goes out again.
    this.shown.clear();
  }

  /**
   * True when the members already have this exact payload for the entity from a resolution that
   * started after every event now being delivered occurred: those changes were shown already (they
   * arrived while that resolution ran). An event newer than that resolution always gets its
   * payload, even an identical one. Otherwise the payload is remembered as the last one shown.
   */
  alreadyShown(entityId: string, json: string, latestEventAt: number, resolvedFrom: number): boolean {
    const digest = createHash('sha1').update(json).digest('base64');
    const previous = this.shown.get(entityId);
    if (previous && previous.digest === digest && latestEventAt < previous.resolvedFrom) return true;
    this.shown.delete(entityId);
    this.shown.set(entityId, { digest, resolvedFrom });
    // Oldest first: a Map iterates in insertion order.
    if (this.shown.size > MAX_REMEMBERED_STATES) this.shown.delete(this.shown.keys().next().value!);
    return false;
  }
}
