/** Entities owned by other subgraphs: this one only knows their ids. */
export interface UserReference {
  __typename?: 'User';
  id: string;
}

export interface BookingReference {
  __typename: 'Booking';
  id: string;
}
