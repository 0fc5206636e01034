/**
 * Waits for a condition a user would see (polling, never a fixed sleep): resolves once `check`
 * answers true, fails after `timeoutMs` with `what` in the message.
 */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting until ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}
