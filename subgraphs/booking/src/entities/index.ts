import { OutboxEventSchema } from '@marquee/platform';
import { BookingSchema } from './Booking.js';
import { BookingSeatSchema } from './BookingSeat.js';
import { MovieSchema } from './Movie.js';
import { SeatSchema } from './Seat.js';
import { ShowingSchema } from './Showing.js';
import { TheaterSchema } from './Theater.js';

export const entities = [TheaterSchema, SeatSchema, MovieSchema, ShowingSchema, BookingSchema, BookingSeatSchema, OutboxEventSchema];
