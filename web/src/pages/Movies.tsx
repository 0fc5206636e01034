import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Empty, ErrorMessage, formatTime, Loading } from '../components/ui';
import { graphql } from '../gql';

const MOVIES = graphql(`
  query Movies {
    movies(first: 50) { totalCount edges { node { id title genre durationMinutes description } } }
  }
`);

const SEARCH = graphql(`
  query Search($query: String!) {
    search(query: $query, first: 20) {
      __typename
      ... on Movie { id title genre }
      ... on Theater { id name address }
      ... on Showing { id startsAt movie { title } theater { name } }
    }
  }
`);

export function MoviesPage() {
  const [query, setQuery] = useState('');
  const term = query.trim();
  const [movies] = useQuery({ query: MOVIES });
  const [search] = useQuery({ query: SEARCH, variables: { query: term }, pause: term.length < 2 });
  return (
    <section>
      <h1 className="page-title">Now showing</h1>
      <div className="mb-4">
        <label className="label" htmlFor="search">Search movies, theaters and showings</label>
        <input id="search" type="search" className="input" placeholder="e.g. comedy" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      {term.length >= 2 ? (
        <div aria-label="Search results">
          {search.fetching && !search.data ? <Loading what="Searching" /> : null}
          <ErrorMessage error={search.error} />
          {search.data && search.data.search?.length === 0 ? <Empty>Nothing matches “{term}”.</Empty> : null}
          <ul className="space-y-2">
            {search.data?.search?.map((hit) => (
              <li key={`${hit.__typename}-${'id' in hit ? hit.id : ''}`} className="card">
                {hit.__typename === 'Movie' ? (
                  <Link className="font-medium text-indigo-700 underline" to={`/movies/${hit.id}`}>
                    {hit.title}
                  </Link>
                ) : null}
                {hit.__typename === 'Theater' ? <span>Theater: {hit.name}, {hit.address}</span> : null}
                {hit.__typename === 'Showing' ? (
                  <Link className="text-indigo-700 underline" to={`/showings/${hit.id}`}>
                    {hit.movie.title} at {hit.theater.name}, {formatTime(hit.startsAt)}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          {movies.fetching && !movies.data ? <Loading what="Loading movies" /> : null}
          <ErrorMessage error={movies.error} />
          {movies.data && movies.data.movies?.edges.length === 0 ? <Empty>No movies yet.</Empty> : null}
          <ul className="grid gap-3 sm:grid-cols-2">
            {movies.data?.movies?.edges.map(({ node }) => (
              <li key={node.id} className="card">
                <Link to={`/movies/${node.id}`} className="text-lg font-semibold text-indigo-700 hover:underline">
                  {node.title}
                </Link>
                <p className="text-sm text-slate-500">
                  {node.genre} · {node.durationMinutes} min
                </p>
                {node.description ? <p className="mt-2 text-sm">{node.description}</p> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
