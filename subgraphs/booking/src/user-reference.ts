/** A user of the auth subgraph as booking knows it: only the key. The router fills in the rest. */
export interface UserReference {
  __typename?: 'User';
  id: string;
}

export const userReference = (id: string): UserReference => ({ __typename: 'User', id });
