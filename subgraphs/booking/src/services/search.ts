import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '@marquee/platform';
import { MOVIE_SEARCH_VECTOR } from '../entities/Movie.js';
import { THEATER_SEARCH_VECTOR } from '../entities/Theater.js';

export const DEFAULT_SEARCH_RESULTS = 10;
export const MAX_SEARCH_RESULTS = 50;
const MAX_WORDS = 8;

export interface SearchHit {
  kind: 'Movie' | 'Theater' | 'Showing';
  id: string;
}

/**
 * Words of the query as prefixes, all required: "dun" finds Dune, "grand odeon" needs both
 * words. Only letters and digits pass, so nothing the user types is tsquery syntax.
 */
export function toPrefixQuery(text: string): string | null {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(' & ') : null;
}

/**
 * One statement ranks movies and theaters with ts_rank over the same expressions their GIN
 * indexes are built on (title weighs A, genre B, description C; theater name A, address B),
 * and adds the upcoming showings of what matched, ranked just below their movie or theater.
 */
const SEARCH_SQL = `
with q as (select to_tsquery('english', ?) as query),
matched_movies as (
  select id, ts_rank(${MOVIE_SEARCH_VECTOR}, q.query) as rank from movies, q where ${MOVIE_SEARCH_VECTOR} @@ q.query
),
matched_theaters as (
  select id, ts_rank(${THEATER_SEARCH_VECTOR}, q.query) as rank from theaters, q where ${THEATER_SEARCH_VECTOR} @@ q.query
)
select kind, id from (
  select 'Movie' as kind, id, rank, null::timestamptz as starts_at from matched_movies
  union all
  select 'Theater', id, rank, null from matched_theaters
  union all
  select 'Showing', s.id, 0.9 * greatest(coalesce(m.rank, 0), coalesce(t.rank, 0)), s.starts_at
  from showings s
  left join matched_movies m on m.id = s.movie_id
  left join matched_theaters t on t.id = s.theater_id
  where (m.id is not null or t.id is not null) and s.starts_at > now()
) hits
order by rank desc, starts_at asc nulls first, kind, id
limit ?`;

export async function search(em: EntityManager, text: string, first: number | null | undefined): Promise<SearchHit[]> {
  if (text.length > 200) throw badUserInput('The search query is at most 200 characters.', 'query');
  const limit = first ?? DEFAULT_SEARCH_RESULTS;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_SEARCH_RESULTS) {
    throw badUserInput(`first must be from 0 to ${MAX_SEARCH_RESULTS}.`, 'first');
  }
  const query = toPrefixQuery(text);
  if (!query || limit === 0) return [];
  return em.getConnection().execute<SearchHit[]>(SEARCH_SQL, [query, limit]);
}
