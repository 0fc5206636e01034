/** What a person reads for each API error code (web/src/lib/errors.ts). */
import { CombinedError } from 'urql';
import { describeError } from '../src/lib/errors.js';

const apiError = (code: string, extensions: Record<string, unknown> = {}, message = 'server says') =>
  new CombinedError({ graphQLErrors: [{ message, extensions: { code, ...extensions } }] });

it('says when to try again after RATE_LIMITED', () => {
  expect(describeError(apiError('RATE_LIMITED', { retryAfterSeconds: 42 }))?.message).toBe('Too many attempts. Please try again in 42 seconds.');
  expect(describeError(apiError('RATE_LIMITED', { retryAfterSeconds: 900 }))?.message).toBe('Too many attempts. Please try again in 15 minutes.');
});

it('explains a seat taken in the meantime (CONFLICT while booking)', () => {
  expect(describeError(apiError('CONFLICT'), { action: 'book' })?.message).toMatch(/just taken by someone else/);
});

it('asks to sign in on UNAUTHENTICATED, but shows the reason on the sign-in form', () => {
  expect(describeError(apiError('UNAUTHENTICATED'))).toEqual({ code: 'UNAUTHENTICATED', message: 'Please sign in to continue.' });
  expect(describeError(apiError('UNAUTHENTICATED', {}, 'The email or password is wrong.'), { action: 'signin' })?.message).toBe('The email or password is wrong.');
});

it('never shows a server error text or a stack, and names network trouble', () => {
  expect(describeError(apiError('INTERNAL_SERVER_ERROR', {}, 'TypeError at x.ts:12'))?.message).toBe('Something went wrong on our side. Please try again.');
  expect(describeError(new CombinedError({ networkError: new Error('Failed to fetch') }))?.code).toBe('NETWORK');
  expect(describeError(apiError('FORBIDDEN'))?.message).toBe('You do not have permission to do that.');
  expect(describeError(undefined)).toBeUndefined();
});
