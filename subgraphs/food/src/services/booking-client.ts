import { ErrorCode, querySubgraph, serviceUnavailable, subgraphPolicy, type Logger, type SubgraphAnswer } from '@marquee/platform';

// `user { id }` is asked for because booking's rule is owner *or staff*: food needs the owner.
const BOOKING_QUERY = 'query FoodBookingCheck($id: ID!) { booking(id: $id) { id status user { id } } }';

export type BookingStatus = 'CONFIRMED' | 'CANCELLED' | 'REFUNDED';

/** A booking as the caller is allowed to see it in the booking subgraph. */
export interface VisibleBooking {
  id: string;
  status: BookingStatus;
  userId: string;
}

type BookingResponse = SubgraphAnswer<{ booking: { id: string; status: BookingStatus; user: { id: string } } | null }>;

/** Who is asking: booking checks the same token again and applies its own access rules. */
export interface BookingCaller {
  authorization: string | null;
  requestId: string;
}

export interface BookingClientOptions {
  url: string;
  routerSecret: string;
  timeoutMs: number;
  logger: Logger;
}

/**
 * Asks the booking subgraph about one booking on the caller's behalf. Food owns no booking data,
 * so this is the only way it learns whether a booking exists, whose it is and its status.
 * Booking only answers the router, so the call carries the router's secret.
 */
export class BookingClient {
  constructor(private readonly options: BookingClientOptions) {
    // The breaker exists (closed) from the start: food's /ready shows it before the first order.
    subgraphPolicy({ ...options, caller: 'food', target: 'booking' });
  }

  /**
   * The booking, or null when it does not exist or the caller may not see it (booking does not
   * tell those apart, on purpose). A slow, absent or failing booking subgraph is
   * SERVICE_UNAVAILABLE: the caller's order must not be placed on a guess.
   */
  async visibleBooking(id: string, caller: BookingCaller): Promise<VisibleBooking | null> {
    let body: BookingResponse;
    try {
      body = await querySubgraph({ ...this.options, caller: 'food', target: 'booking' }, {
        query: BOOKING_QUERY,
        variables: { id },
        requestId: caller.requestId,
        authorization: caller.authorization,
      });
    } catch (error) {
      throw this.unavailable(caller, id, error);
    }
    const errors = body.errors ?? [];
    // Booking answers NOT_FOUND both for unknown ids and for other users' bookings.
    if (errors.length > 0 && errors.every((error) => error.extensions?.code === ErrorCode.NOT_FOUND)) return null;
    if (errors.length > 0 || !body.data) {
      throw this.unavailable(caller, id, new Error(`booking answered errors: ${JSON.stringify(errors)}`));
    }
    const booking = body.data.booking;
    return booking && { id: booking.id, status: booking.status, userId: booking.user.id };
  }

  private unavailable(caller: BookingCaller, bookingId: string, error: unknown) {
    this.options.logger.warn('booking check failed', { requestId: caller.requestId, bookingId, error });
    return serviceUnavailable('The booking service could not be reached to check this booking, so no order was placed. Please try again.');
  }
}
