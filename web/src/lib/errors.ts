import type { CombinedError } from 'urql';

export interface ApiProblem {
  code: string;
  message: string;
}

/** What a person should read for an API error; codes are for programs, these are for people. */
export function describeError(error: CombinedError | undefined, context: { action?: string } = {}): ApiProblem | undefined {
  if (!error) return undefined;
  if (error.networkError && error.graphQLErrors.length === 0) {
    return { code: 'NETWORK', message: 'Marquee cannot be reached right now. Check your connection and try again.' };
  }
  const first = error.graphQLErrors[0];
  const code = String(first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const serverMessage = first?.message ?? '';
  switch (code) {
    case 'RATE_LIMITED': {
      const seconds = Number(first?.extensions?.retryAfterSeconds);
      const wait = Number.isFinite(seconds) && seconds > 0 ? `in ${formatSeconds(seconds)}` : 'in a moment';
      return { code, message: `Too many attempts. Please try again ${wait}.` };
    }
    case 'CONFLICT':
      if (context.action === 'book') return { code, message: 'Sorry, one of those seats was just taken by someone else. Pick other seats and try again.' };
      return { code, message: serverMessage || 'That changed in the meantime. Reload and try again.' };
    case 'UNAUTHENTICATED':
      if (context.action === 'signin') return { code, message: serverMessage || 'Wrong email or password.' };
      return { code, message: 'Please sign in to continue.' };
    case 'FORBIDDEN':
      return { code, message: 'You do not have permission to do that.' };
    case 'NOT_FOUND':
      return { code, message: serverMessage || 'We could not find that. It may have been removed.' };
    case 'BAD_USER_INPUT':
      return { code, message: serverMessage || 'Please check what you entered.' };
    case 'SERVICE_UNAVAILABLE':
      return { code, message: 'Part of Marquee is unavailable for a moment. Please try again shortly.' };
    default:
      return { code, message: 'Something went wrong on our side. Please try again.' };
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
