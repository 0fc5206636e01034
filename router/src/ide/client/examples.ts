/** The tabs a first visit opens with: how to sign in, then a query and a subscription as that user. */
export const EXAMPLE_TABS = [
  {
    query: `# Welcome to the Marquee GraphQL IDE.
#
# 1. Run this mutation (the ▶ button or Ctrl-Enter) to sign in as the demo user.
# 2. Copy the accessToken from the result into the Headers tab below:
#      { "Authorization": "Bearer <accessToken>" }
#    Queries, mutations and subscriptions (over WebSocket) then run as that user.
# 3. The access token lasts 15 minutes; trade the refreshToken for a new pair with refreshToken(...).
mutation SignIn {
  login(input: { email: "user@marquee.local", password: "marquee-user" }) {
    accessToken
    refreshToken
    expiresIn
    user { id name role }
  }
}
`,
    headers: '{\n  "Authorization": "Bearer <paste the accessToken here>"\n}',
  },
  {
    query: `# Public data needs no token.
query Showings {
  showings(first: 5) {
    totalCount
    edges {
      node { id startsAt price availableSeatCount movie { title } theater { name } }
    }
  }
}
`,
  },
  {
    query: `# Subscriptions run over WebSocket (graphql-ws) on the same /graphql URL; the Headers tab's
# Authorization travels as the connection's connectionParams. Sign in first (see the first tab).
subscription MyOrders {
  myOrderUpdates { id status total restaurant { name } }
}
`,
    headers: '{\n  "Authorization": "Bearer <paste the accessToken here>"\n}',
  },
];
