/** The IDE sends the operation the editor shows, even when GraphiQL's name lags behind a tab switch. */
import { withCurrentOperationName } from '../src/ide/client/operation-name.js';

it('replaces a stale operation name when the document has one operation', () => {
  const request = withCurrentOperationName({ query: 'query Showings { __typename }', operationName: 'SignIn' });
  expect(request.operationName).toBe('Showings');
});

it('leaves a request alone when the name matches, is absent, or the document is ambiguous or invalid', () => {
  const matching = { query: 'query A { __typename }', operationName: 'A' };
  const unnamed = { query: '{ __typename }', operationName: null };
  const several = { query: 'query A { __typename } query B { __typename }', operationName: 'C' };
  const invalid = { query: 'query A {', operationName: 'B' };
  for (const request of [matching, unnamed, several, invalid]) expect(withCurrentOperationName(request)).toBe(request);
});

it('drops a stale name when the one operation is anonymous', () => {
  expect(withCurrentOperationName({ query: '{ __typename }', operationName: 'SignIn' }).operationName).toBeNull();
});
