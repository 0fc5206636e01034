import { entityChangedEvent, type NewOutboxEvent } from '@marquee/platform';

/** The bus channel of one showing's seat changes: what `showingSeatsUpdated(showingId)` listens on. */
export const showingSeatsChannel = (showingId: string) => `booking:showing:${showingId}:seats`;

export const SEATS_CHANGED = 'booking.showing.seats-changed';

/** Why seats changed hands: booked (taken), or freed by a cancellation or a refund. */
export type SeatChange = 'BOOKED' | 'CANCELLED' | 'REFUNDED';

/**
 * The event of seats of a showing being taken or freed, written in the transaction that does it.
 * It names the seats and their new availability, never who booked them: anyone who may see the
 * showing may follow its seat map.
 */
export function seatsChangedEvent(showingId: string, seatIds: string[], change: SeatChange): NewOutboxEvent {
  return {
    type: SEATS_CHANGED,
    entityId: showingId,
    channels: [showingSeatsChannel(showingId)],
    data: { showingId, seatIds: [...seatIds].sort(), available: change !== 'BOOKED', change },
  };
}

/** A showing's seats changed hands: its seat event, and `entity.changed` (its available seats) for the caches. */
export const seatEvents = (showingId: string, seatIds: string[], change: SeatChange): NewOutboxEvent[] => [
  seatsChangedEvent(showingId, seatIds, change),
  entityChangedEvent('Showing', showingId),
];
