import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { Empty, ErrorMessage, Loading } from '../components/ui';
import { graphql } from '../gql';

export const RESTAURANTS = graphql(`
  query Restaurants {
    restaurants(first: 50) { edges { node { id name address phone } } }
  }
`);

export function RestaurantsPage() {
  const [params] = useSearchParams();
  const booking = params.get('booking');
  const [{ data, fetching, error }] = useQuery({ query: RESTAURANTS });
  if (fetching && !data) return <Loading what="Loading restaurants" />;
  const restaurants = data?.restaurants?.edges ?? [];
  return (
    <section>
      <h1 className="page-title">Food</h1>
      <ErrorMessage error={error} />
      {data && restaurants.length === 0 ? <Empty>No restaurants yet.</Empty> : null}
      <ul className="grid gap-3 sm:grid-cols-2">
        {restaurants.map(({ node }) => (
          <li key={node.id} className="card">
            <Link to={`/restaurants/${node.id}${booking ? `?booking=${booking}` : ''}`} className="text-lg font-semibold text-indigo-700 hover:underline">
              {node.name}
            </Link>
            <p className="text-sm text-slate-500">{node.address}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
