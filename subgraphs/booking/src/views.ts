import type { EntityView } from '@marquee/platform';
import type { Booking } from './entities/Booking.js';
import type { Movie } from './entities/Movie.js';
import type { Seat } from './entities/Seat.js';
import type { Showing } from './entities/Showing.js';
import type { Theater } from './entities/Theater.js';

/** What resolvers receive (ADR 0027): read paths return views, mutations their entities (which fit). */
export type BookingView = EntityView<Booking>;
export type MovieView = EntityView<Movie>;
export type SeatView = EntityView<Seat>;
export type ShowingView = EntityView<Showing>;
export type TheaterView = EntityView<Theater>;
