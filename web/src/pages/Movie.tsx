import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { Empty, ErrorMessage, formatTime, Loading } from '../components/ui';
import { graphql } from '../gql';

const MOVIE = graphql(`
  query Movie($id: ID!) {
    movie(id: $id) {
      id title genre durationMinutes description
      showings { id startsAt price availableSeatCount theater { name } }
    }
  }
`);

export function MoviePage() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: MOVIE, variables: { id } });
  if (fetching && !data) return <Loading what="Loading the movie" />;
  if (error) return <ErrorMessage error={error} />;
  const movie = data?.movie;
  if (!movie) return <Empty>This movie does not exist (any more).</Empty>;
  return (
    <section>
      <h1 className="page-title">{movie.title}</h1>
      <p className="text-slate-500">
        {movie.genre} · {movie.durationMinutes} min
      </p>
      {movie.description ? <p className="my-3">{movie.description}</p> : null}
      <h2 className="mb-2 mt-6 text-lg font-semibold">Showings</h2>
      {movie.showings.length === 0 ? <Empty>No upcoming showings.</Empty> : null}
      <ul className="space-y-2">
        {movie.showings.map((showing) => (
          <li key={showing.id} className="card flex flex-wrap items-center justify-between gap-2">
            <span>
              {formatTime(showing.startsAt)} · {showing.theater.name} · ${showing.price}
            </span>
            <span className="text-sm text-slate-500">{showing.availableSeatCount} seats left</span>
            <Link className="btn-primary" to={`/showings/${showing.id}`} aria-label={`Choose seats for ${formatTime(showing.startsAt)} at ${showing.theater.name}`}>
              Choose seats
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
